import { Fragment, type ReactNode } from 'react';

// Search highlights arrive as HTML with <em> marks. We never inject HTML: the string is
// split on <em>…</em> and everything else is rendered as text (entities decoded).
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

function decode(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}

export function highlightParts(html: string): { text: string; em: boolean }[] {
  const parts: { text: string; em: boolean }[] = [];
  const re = /<em>([\s\S]*?)<\/em>/gi;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) parts.push({ text: decode(html.slice(last, m.index)), em: false });
    parts.push({ text: decode(m[1] ?? ''), em: true });
    last = m.index + m[0].length;
  }
  if (last < html.length) parts.push({ text: decode(html.slice(last)), em: false });
  return parts.filter((p) => p.text !== '');
}

export function SafeHighlight({ html }: { html: string }): ReactNode {
  return (
    <span className="hit-highlight">
      {highlightParts(html).map((p, i) => (p.em ? <em key={i}>{p.text}</em> : <Fragment key={i}>{p.text}</Fragment>))}
    </span>
  );
}
