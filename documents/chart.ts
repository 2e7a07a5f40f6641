import type { Chart as ChartType, ChartItem, Plugin } from 'chart.js';
import { OUTCOME_COLORS, OUTCOME_LABELS, type OutcomeCounts } from './labels';

// The chart of a cycle's outcomes (units on time, late, not submitted, exempt, on extension), drawn
// by Chart.js on a Skia canvas (@napi-rs/canvas) into a PNG that the XLSX export and the DOCX summary
// both embed. The font ships with the project (dejavu-fonts-ttf), so Vietnamese labels render the
// same on a server image without fonts.

const FONT_FAMILY = 'CchcChart';
let fontRegistered = false;

/** Width and height in pixels of the PNG: twice the size it is shown at, for print. */
export const CHART_SIZE = { width: 1200, height: 600 };

/** Counts over each bar, in the bar's own colour. */
const valueLabels: Plugin<'bar'> = {
  id: 'cchcValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data ?? [];
    ctx.save();
    ctx.font = `bold 32px ${FONT_FAMILY}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    meta.data.forEach((bar, i) => {
      ctx.fillStyle = '#212121';
      ctx.fillText(String(data[i] ?? ''), bar.x, bar.y - 6);
    });
    ctx.restore();
  },
};

/** A white page behind the chart (a PNG is transparent by default; Word shows that as grey on some screens). */
const whiteBackground: Plugin<'bar'> = {
  id: 'cchcWhiteBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** The bars shown: every outcome, except "on extension" when no unit is. */
export function chartBars(counts: OutcomeCounts): { label: string; value: number; color: string }[] {
  const keys = (Object.keys(OUTCOME_LABELS) as (keyof OutcomeCounts)[]).filter(
    (k) => k !== 'extended' || counts.extended > 0,
  );
  return keys.map((k) => ({ label: OUTCOME_LABELS[k], value: counts[k], color: OUTCOME_COLORS[k] }));
}

/** The outcome chart as a PNG; without a title where a caption under it names it (the DOCX). */
export async function renderOutcomeChart(counts: OutcomeCounts, title?: string): Promise<Buffer> {
  const [
    { createCanvas, GlobalFonts },
    { Chart, BarController, BarElement, CategoryScale, LinearScale, Title },
  ] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
  if (!fontRegistered) {
    GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT_FAMILY);
    GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), FONT_FAMILY);
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title);
    Chart.defaults.font.family = FONT_FAMILY;
    fontRegistered = true;
  }
  const bars = chartBars(counts);
  const canvas = createCanvas(CHART_SIZE.width, CHART_SIZE.height);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const chart: ChartType<'bar'> = new Chart(canvas as unknown as ChartItem, {
    type: 'bar',
    data: {
      labels: bars.map((b) => b.label),
      datasets: [{ data: bars.map((b) => b.value), backgroundColor: bars.map((b) => b.color) }],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 10, right: 30, bottom: 10, left: 20 } },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        title: {
          display: title !== undefined,
          text: title ?? '',
          color: '#212121',
          font: { family: FONT_FAMILY, size: 30, weight: 'bold' },
        },
      },
      scales: {
        x: { ticks: { color: '#212121', font: { family: FONT_FAMILY, size: 30 } }, grid: { display: false } },
        y: {
          beginAtZero: true,
          // Room above the tallest bar for its count; whole units only.
          suggestedMax: Math.ceil(max * 1.15),
          ticks: { precision: 0, color: '#424242', font: { family: FONT_FAMILY, size: 26 } },
          title: {
            display: true,
            text: 'Số đơn vị',
            color: '#424242',
            font: { family: FONT_FAMILY, size: 26 },
          },
        },
      },
    },
    plugins: [whiteBackground, valueLabels],
  });
  try {
    chart.draw();
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
