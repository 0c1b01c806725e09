import { Select, type SelectProps } from 'antd';
import { useCodeOptions } from '@/lib/code-lists';
import type { CodeLists } from '@/types/api';

/** A Select over the platform's code lists (one or several), so every form offers the same values. */
export function CodeSelect({ list, ...props }: Omit<SelectProps, 'options'> & { list: keyof CodeLists | (keyof CodeLists)[] }) {
  const { options, loading } = useCodeOptions(...(Array.isArray(list) ? list : [list]));
  // Code lists are short: every option is in the page, none hidden by virtual scrolling.
  return <Select {...props} virtual={false} loading={loading} options={options} />;
}
