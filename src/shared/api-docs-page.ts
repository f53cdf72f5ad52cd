import { createHash } from 'node:crypto';

const STYLE = 'body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}summary{cursor:pointer;padding:.25rem 0}pre{background:#f4f4f4;padding:.5rem;overflow:auto;font-size:12px}';

/**
 * The page's headers: its one inline style allowed by hash, nothing else loads (no script, image,
 * font or frame), it is framed by no one.
 */
export const API_DOCS_HEADERS = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A self-contained page listing the API from the OpenAPI document: no CDN, no script. */
export function apiDocsPage(openapi: Record<string, unknown>): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  const paths = openapi.paths as Record<string, Record<string, { summary?: string; tags?: string[]; requestBody?: unknown; parameters?: unknown[] }>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) => `<details><summary><code>${method.toUpperCase()} ${escape(path)}</code> — ${escape(op.summary ?? '')} <em>[${escape((op.tags ?? []).join(', '))}]</em></summary>
<pre>${escape(JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody }, null, 2))}</pre></details>`,
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Aduan API</title><style>${STYLE}</style></head>
<body><h1>Aduan API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors: <code>{ "error": { "code", "message", "fields"? } }</code>, Indonesian by default, English with <code>Accept-Language: en</code>.</p>
${rows.join('\n')}</body></html>`;
}
