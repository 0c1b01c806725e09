import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colours: Record<string, string> = {
  draft: 'default',
  pending_approval: 'gold',
  open: 'green',
  qualification: 'cyan',
  expert_review: 'blue',
  award_approval: 'purple',
  publicity: 'magenta',
  awarded: 'success',
  unsuccessful: 'volcano',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={colours[status] ?? 'default'}>{t(`status.${status}`, { defaultValue: status })}</Tag>;
}
