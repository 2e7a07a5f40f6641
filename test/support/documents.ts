import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';

// Reading a DOCX back: its paragraphs and tables as text (from word/document.xml, with JSZip), and
// as a person sees it: converted to PDF by LibreOffice (Debian's libreoffice-writer-nogui), its text
// read by pdftotext and its pages drawn by pdftoppm (poppler-utils).

const decode = (xml: string) =>
  xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const textOf = (xml: string) =>
  decode([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

/** Every paragraph's text, in order (table cells included), empty ones left out. */
export async function docxParagraphs(bytes: Buffer): Promise<string[]> {
  const xml = await documentXml(bytes);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0])).filter((t) => t !== '');
}

/** Every table as rows of cell texts. */
export async function docxTables(bytes: Buffer): Promise<string[][][]> {
  const xml = await documentXml(bytes);
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
    ),
  );
}

/** Converts a DOCX to PDF beside it with LibreOffice (its own profile, so runs never collide). */
export function docxToPdf(docx: string): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-lo-'));
  try {
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        path.dirname(docx),
        docx,
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return docx.replace(/\.docx$/i, '.pdf');
}

export const pdfText = (pdf: string): string =>
  execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** The fonts the PDF embeds (LibreOffice substitutes a metric-compatible font for Times New Roman). */
export const pdfFonts = (pdf: string): string => execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
