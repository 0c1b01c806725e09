import { AutoComplete, Input } from 'antd';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSuggestions, type Suggestion } from '@/features/search/api/suggest';
import { itemPath } from '@/features/search/components/search-hits';

const GROUPS = ['title', 'org', 'tag'] as const;
// The search API's bound on q.
const QUERY_MAX_LENGTH = 200;

const optionValue = (s: Suggestion) => `${s.field}:${s.kind ?? ''}:${s.id ?? s.text}`;

interface Props {
  defaultValue?: string;
  onSearch: (q: string) => void;
  /** Take the focus when shown, caret at the end: the box replaces a plain input someone is typing into. */
  takeFocus?: boolean;
}

/** The search box with suggestions while typing: a title opens its item, an organisation or tag searches for it. */
export function SearchBox({ defaultValue = '', onSearch, takeFocus = false }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(defaultValue);
  const box = useRef<HTMLDivElement>(null);
  // In the commit that removes the plain input, before the browser handles the next key: nothing typed is lost.
  useLayoutEffect(() => {
    const input = box.current?.querySelector('input');
    if (!takeFocus || !input) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    // Only when first shown: later renders leave the focus where the user put it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { data } = useSuggestions(typed);
  const suggestions = data ?? [];
  const options = GROUPS.map((field) => ({
    label: t(`suggest.${field}`),
    options: suggestions
      .filter((s) => s.field === field)
      .map((s) => ({ value: optionValue(s), label: <span data-testid="suggestion">{s.text}</span> })),
  })).filter((g) => g.options.length > 0);

  const choose = (value: string) => {
    const chosen = suggestions.find((s) => optionValue(s) === value);
    if (!chosen) return;
    if (chosen.field === 'title' && chosen.id && chosen.kind) {
      void navigate(itemPath(chosen.kind, chosen.id));
      return;
    }
    setTyped(chosen.text);
    onSearch(chosen.text);
  };

  return (
    <div ref={box}>
      <AutoComplete
        value={typed}
        options={options}
        onChange={(value: string) => setTyped(value)}
        onSelect={choose}
        // Enter searches for what was typed; a suggestion is taken only when picked.
        defaultActiveFirstOption={false}
        style={{ width: '100%' }}
      >
        <Input.Search
          size="large"
          enterButton={t('search.button')}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          maxLength={QUERY_MAX_LENGTH}
          onSearch={(q) => onSearch(q.trim())}
        />
      </AutoComplete>
    </div>
  );
}
