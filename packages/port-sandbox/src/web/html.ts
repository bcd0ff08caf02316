/** Markup that is already escaped; everything else interpolated into `html` gets escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => ESCAPES[char]);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template tag that escapes every interpolated value except `SafeHtml`. */
export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): SafeHtml {
  let result = strings[0];
  values.forEach((value, index) => {
    result += render(value) + strings[index + 1];
  });
  return new SafeHtml(result);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:10px 20px}header a{color:#fff;margin-right:16px;text-decoration:none}
main{padding:16px 20px}table{border-collapse:collapse;background:#fff;margin:8px 0 20px}
th,td{border:1px solid #d8dce3;padding:4px 10px;text-align:left;font-size:14px;vertical-align:top}
th{background:#eef0f4}pre{background:#fff;border:1px solid #d8dce3;padding:10px;overflow:auto;font-size:13px}
.muted{color:#6b7280}.status-ok{color:#047857}.status-err{color:#b91c1c}`;

export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · Port sandbox</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <a href="/"><strong>Port sandbox</strong></a>
          <a href="/">Blueprints</a>
          <a href="/requests">Request log</a>
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}
