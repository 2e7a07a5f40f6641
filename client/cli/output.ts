export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

/** A plain aligned table for the terminal; widths count characters, so Vietnamese text lines up. */
export function formatTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => String(c.value(row) ?? '')));
  const widths = columns.map((c, i) =>
    Math.max([...c.header].length, ...cells.map((r) => [...r[i]!].length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v + ' '.repeat(widths[i]! - [...v].length))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
