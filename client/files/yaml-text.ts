import { LineCounter, parseDocument, type Document, type ErrorCode } from 'yaml';

// YAML as officials write it, parsed by the `yaml` library; its English syntax errors said in
// Vietnamese, with the line and column where the library found them.

const PROBLEM_VI: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: 'thụt lề sai',
  TAB_AS_INDENT: 'thụt lề bằng phím Tab (YAML chỉ nhận dấu cách)',
  DUPLICATE_KEY: 'khóa bị lặp',
  MISSING_CHAR: 'thiếu ký tự đóng (dấu ngoặc hoặc dấu nháy)',
  MULTILINE_IMPLICIT_KEY: 'khóa không hợp lệ (thiếu dấu ":" hoặc thụt lề sai)',
  BLOCK_AS_IMPLICIT_KEY: 'khóa không hợp lệ (thiếu dấu ":" hoặc thụt lề sai)',
  UNEXPECTED_TOKEN: 'ký tự không đúng chỗ',
  BAD_ALIAS: 'tham chiếu (*alias) không hợp lệ',
  MULTIPLE_DOCS: 'tệp chỉ được có một tài liệu YAML (bỏ dòng "---" thứ hai)',
  RESOURCE_EXHAUSTION: 'quá nhiều tham chiếu (*alias)',
  KEY_OVER_1024_CHARS: 'khóa dài quá 1024 ký tự',
  BAD_DQ_ESCAPE: 'ký tự thoát "\\" sai trong chuỗi nháy kép',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này (đặt giá trị trong dấu nháy)',
  BLOCK_IN_FLOW: 'khối nhiều dòng bên trong { } hoặc [ ]',
  NON_STRING_KEY: 'khóa phải là chuỗi ký tự',
  MULTIPLE_ANCHORS: 'nhiều neo (&anchor) cho một giá trị',
  MULTIPLE_TAGS: 'nhiều thẻ (!tag) cho một giá trị',
  BAD_DIRECTIVE: 'chỉ thị % không hợp lệ',
};

export class YamlTextError extends Error {
  constructor(
    /** 1-based; 0 when unknown. */
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'YamlTextError';
  }
}

export interface YamlText {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

/** Parses one YAML document; the first syntax error becomes a YamlTextError in Vietnamese. */
export function parseYamlText(text: string): YamlText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw new YamlTextError(
      line,
      `YAML không hợp lệ ở dòng ${line}, cột ${col}: ${PROBLEM_VI[err.code] ?? 'cú pháp sai'}`,
    );
  }
  let value: unknown;
  try {
    // maxAliasCount bounds what aliases may expand to (a "billion laughs" file).
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new YamlTextError(0, `YAML không hợp lệ: ${PROBLEM_VI.RESOURCE_EXHAUSTION!}`);
  }
  return { doc, lineCounter, value };
}
