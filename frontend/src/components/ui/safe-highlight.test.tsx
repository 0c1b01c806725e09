import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { highlightParts, SafeHighlight } from './safe-highlight';

describe('SafeHighlight', () => {
  it('keeps <em> marks and nothing else', () => {
    const { container } = render(<SafeHighlight html={'<em>工业视觉</em>质检<script>alert(1)</script><b onclick="x">粗</b>'} />);
    expect(container.querySelectorAll('em')).toHaveLength(1);
    expect(container.querySelector('em')).toHaveTextContent('工业视觉');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe('工业视觉质检alert(1)粗');
  });

  it('decodes entities as text', () => {
    expect(highlightParts('a &lt;em&gt; b')).toEqual([{ text: 'a <em> b', em: false }]);
  });
});
