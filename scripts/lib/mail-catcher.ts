import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { vnDateTime } from '../../domain/calendar/dates';

// Development mail sink: a real SMTP server that keeps every message (as .eml files, so a second
// `npm run dev` still shows them) and a small web page to read them. Nothing leaves the machine.

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  list(): Promise<CaughtMail[]>;
  stop(): Promise<void>;
}

export async function startMailCatcher(opts: {
  dir: string;
  smtpPort: number;
  httpPort: number;
  host?: string;
}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  fs.mkdirSync(opts.dir, { recursive: true });
  let sequence = fs.readdirSync(opts.dir).filter((f) => f.endsWith('.eml')).length;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sequence += 1;
        const name = `${Date.now()}-${String(sequence).padStart(6, '0')}.eml`;
        fs.writeFile(path.join(opts.dir, name), Buffer.concat(chunks), (err) => callback(err ?? null));
      });
    },
  });

  const list = async (): Promise<CaughtMail[]> => {
    const files = fs
      .readdirSync(opts.dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse();
    return Promise.all(
      files.map(async (file) => {
        const parsed = await simpleParser(fs.readFileSync(path.join(opts.dir, file)));
        const to = Array.isArray(parsed.to)
          ? parsed.to.map((a) => a.text).join(', ')
          : (parsed.to?.text ?? '');
        return {
          id: file.replace(/\.eml$/, ''),
          receivedAt: fs.statSync(path.join(opts.dir, file)).mtime.toISOString(),
          from: parsed.from?.text ?? '',
          to,
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : null,
        };
      }),
    );
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    };
    list()
      .then((mails) => {
        if (url.pathname === '/api/messages') return send(200, 'application/json', JSON.stringify(mails));
        if (url.pathname.startsWith('/message/')) {
          const mail = mails.find((m) => m.id === decodeURIComponent(url.pathname.slice('/message/'.length)));
          if (!mail) return send(404, 'text/plain', 'không có thư này');
          // The HTML part is shown in a sandboxed frame: it is the agencies' view of the message.
          return send(200, 'text/html', messagePage(mail));
        }
        return send(200, 'text/html', indexPage(mails));
      })
      .catch((err: unknown) => send(500, 'text/plain', String(err)));
  });

  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.httpPort, host, () => resolve());
  });
  return {
    smtpPort: opts.smtpPort,
    httpPort: opts.httpPort,
    list,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}a{color:#0645ad}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}iframe{width:100%;height:60vh;border:1px solid #ccc}</style>
</head><body>${body}</body></html>`;
}

/** `06/03/2027 08:02`: Vietnam time, as officials read dates everywhere else. */
const receivedAtVi = (m: CaughtMail) => vnDateTime(Date.parse(m.receivedAt));

function indexPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (m) =>
        `<tr><td>${escape(receivedAtVi(m))}</td>` +
        `<td>${escape(m.to)}</td><td><a href="/message/${encodeURIComponent(m.id)}">${escape(m.subject || '(không tiêu đề)')}</a></td></tr>`,
    )
    .join('');
  return layout(
    'Hộp thư thử nghiệm CCHC',
    `<h1>Hộp thư thử nghiệm (${mails.length} thư)</h1><p>Mọi thư gửi đi khi chạy <code>npm run dev</code> đều dừng ở đây, không tới người nhận thật.</p>
<table><tr><th>Nhận lúc</th><th>Người nhận</th><th>Tiêu đề</th></tr>${rows}</table>`,
  );
}

function messagePage(mail: CaughtMail): string {
  const html = mail.html ? `<h2>HTML</h2><iframe sandbox srcdoc="${escape(mail.html)}"></iframe>` : '';
  return layout(
    mail.subject,
    `<p><a href="/">← tất cả thư</a></p><h1>${escape(mail.subject)}</h1>
<p><b>Từ:</b> ${escape(mail.from)}<br><b>Đến:</b> ${escape(mail.to)}<br><b>Nhận lúc:</b> ${escape(receivedAtVi(mail))}</p>
${html}<h2>Văn bản</h2><pre>${escape(mail.text)}</pre>`,
  );
}
