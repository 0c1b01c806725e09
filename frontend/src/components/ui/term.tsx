import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A taxonomy value (stored in Chinese) shown in the current language. */
export function Term({ value, color }: { value: string; color?: string }) {
  const { t } = useTranslation();
  return <Tag color={color}>{t(`taxonomy.${value}`, { defaultValue: value })}</Tag>;
}

export function useTermLabel(): (value: string) => string {
  const { t } = useTranslation();
  return (value) => t(`taxonomy.${value}`, { defaultValue: value });
}
