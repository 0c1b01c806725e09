import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSetLocale } from '@/features/account/api/contacts';
import { useAuth } from '@/lib/auth';
import { setLang } from '@/lib/i18n';

/** Shows the other language's name; clicking switches to it and remembers the choice. Signed in, the
 * account's message language (e-mail and SMS) follows the same choice. */
export function LanguageToggle() {
  const { i18n } = useTranslation();
  const { signedIn } = useAuth();
  const setLocale = useSetLocale();
  const en = i18n.language === 'en';
  return (
    <Button
      size="small"
      icon={<GlobalOutlined />}
      lang={en ? 'zh-CN' : 'en'}
      data-testid="language-toggle"
      onClick={() => {
        void setLang(en ? 'zh-CN' : 'en');
        // The screens switch at once; the messages' language is saved quietly (a failure changes nothing on screen).
        if (signedIn) setLocale.mutate(en ? 'zh' : 'en');
      }}
    >
      {en ? '中文' : 'English'}
    </Button>
  );
}
