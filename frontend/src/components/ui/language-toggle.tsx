import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '@/lib/i18n';

/** Shows the other language's name; clicking switches to it and remembers the choice. */
export function LanguageToggle() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Button
      size="small"
      icon={<GlobalOutlined />}
      lang={en ? 'zh-CN' : 'en'}
      data-testid="language-toggle"
      onClick={() => void setLang(en ? 'zh-CN' : 'en')}
    >
      {en ? '中文' : 'English'}
    </Button>
  );
}
