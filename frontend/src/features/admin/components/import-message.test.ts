import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { importMessage } from './import-message';

const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('importMessage', () => {
  it("tells the importer's codes in either language, by column", () => {
    const error = { code: 'notInCodeList', column: '所在区县', field: 'district', message: '“所在区县”的取值不在代码表中' };
    expect(importMessage(error, zh)).toBe('“所在区县”的取值不在代码表中');
    expect(importMessage(error, en)).toBe('“所在区县” is not in the code list');
    expect(importMessage({ ...error, code: 'required', column: '需求名称' }, zh)).toBe('“需求名称”为必填项');
    expect(importMessage({ ...error, code: 'exists', column: '编号' }, zh)).toBe('“编号”已被平台上的需求使用');
  });

  it("falls back to the server's message for a code it does not know", () => {
    expect(importMessage({ code: 'somethingNew', column: '联系电话', field: 'contact_phone', message: '新的问题' }, zh)).toBe('新的问题');
  });
});
