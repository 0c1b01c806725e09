import { BellOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMessage } from '@/components/ui/feedback';
import type { SearchParamsModel } from '../api/search';
import { useSaveSearch } from '../api/subscriptions';

export function SaveSearchButton({ model }: { model: SearchParamsModel }) {
  const { t } = useTranslation();
  const message = useMessage();
  const save = useSaveSearch();
  const name = [model.q, ...Object.values(model.facets).flat()].filter(Boolean).join(' · ') || t('kinds.all');
  return (
    <Button
      icon={<BellOutlined />}
      loading={save.isPending}
      onClick={() =>
        save.mutate(
          { name, model },
          { onSuccess: () => void message.success(t('search.saved')), onError: () => void message.error(t('search.saveFailed')) },
        )
      }
    >
      {t('search.save')}
    </Button>
  );
}
