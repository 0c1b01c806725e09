import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { importMessage } from './import-message';

const t = i18n.getFixedT('zh-CN');

describe('importMessage', () => {
  it('tells the importer\'s English messages in Chinese, by column', () => {
    expect(importMessage('Value error, 所在区县 must be one of 滨江区、萧山区', '所在区县', t)).toBe('“所在区县”的取值不在代码表中');
    expect(importMessage('必填项为空 (required)', '需求名称', t)).toBe('“需求名称”为必填项');
    expect(importMessage('something new', '联系电话', t)).toBe('“联系电话”的取值无效');
  });
});
