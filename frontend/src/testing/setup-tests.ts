import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import i18n, { loadLang } from '@/lib/i18n';

// The app fetches English when it is first chosen; tests that read English texts directly find it loaded.
await loadLang('en');

// jsdom lacks these browser APIs that antd relies on. (A test file may run in Node's own
// environment instead, `// @vitest-environment node`, where WebCrypto sees one realm's buffers.)
const inBrowser = typeof window !== 'undefined';
if (inBrowser)
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: vi.fn().mockImplementation((query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: vi.fn(),
      removeListener: vi.fn(),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      dispatchEvent: vi.fn(),
    })),
  });

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;

afterEach(async () => {
  cleanup();
  if (inBrowser) localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
