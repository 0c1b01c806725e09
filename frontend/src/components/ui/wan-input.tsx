import { InputNumber, type InputNumberProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { wanInWords } from '@/lib/money';

type Props = Omit<InputNumberProps<number>, 'addonAfter' | 'addonBefore' | 'step' | 'precision'>;

/** The one amount input: the value is 万元, the unit stands beside it, and a large number is repeated in words. */
export function WanInput({ value, style, ...rest }: Props) {
  const { t } = useTranslation();
  const words = wanInWords(typeof value === 'number' ? value : null);
  return (
    <>
      <InputNumber<number>
        min={0}
        step={1}
        precision={2}
        style={{ width: 240, ...style }}
        {...rest}
        value={value}
        addonAfter={t('money.unit')}
      />
      {words && (
        <Typography.Text type="secondary" data-testid="wan-in-words" style={{ display: 'block' }}>
          {words}
        </Typography.Text>
      )}
    </>
  );
}
