import { expect, test, type Page } from '@playwright/test';
import { call } from './api';
import { login, signIn, signOut, totp } from './helpers';

// Issue 13, tokens in the browser (decision 0091): the access token lives in the tab's memory, the
// refresh token in an HttpOnly cookie. Nothing a script could steal is left in localStorage,
// sessionStorage or IndexedDB; a reload restores the session from the cookie; sign-out ends it.

const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

/** Every key and value of the page's web storage and IndexedDB, as text. */
async function storedTexts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const texts: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i) ?? '';
        texts.push(key, storage.getItem(key) ?? '');
      }
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        texts.push(info.name, store, JSON.stringify(all));
      }
      db.close();
    }
    return texts;
  });
}

async function refreshCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === 'shigu_refresh');
}

/** Signed in, and no token readable by the page: not in storage, not in document.cookie. */
async function expectNoTokenInStorage(page: Page): Promise<void> {
  const cookie = await refreshCookie(page);
  expect(cookie, 'the refresh cookie').toBeDefined();
  expect({ httpOnly: cookie!.httpOnly, sameSite: cookie!.sameSite, path: cookie!.path, secure: cookie!.secure }).toEqual({
    httpOnly: true,
    sameSite: 'Strict',
    path: '/api/auth',
    secure: true,
  });
  const texts = await storedTexts(page);
  for (const text of texts) {
    expect(text, 'a stored value').not.toMatch(JWT);
    expect(text, 'a stored value').not.toContain(cookie!.value);
    expect(text.toLowerCase(), 'a stored value').not.toMatch(/access_token|refresh_token/);
  }
  const readable = await page.evaluate(() => document.cookie);
  expect(readable).not.toContain(cookie!.value);
  expect(readable).not.toMatch(JWT);
}

async function expectSignedInAfterReload(page: Page, home: RegExp): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).toHaveURL(home);
  await expectNoTokenInStorage(page);
}

test('a password sign-in leaves no token in storage, survives a reload and ends with sign-out', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'ent1');
  await expect(page).toHaveURL(/\/enterprise/);
  await expectNoTokenInStorage(page);
  await expectSignedInAfterReload(page, /\/enterprise/);
  // A protected page opened directly (a new navigation) is shown, not the sign-in form.
  await page.goto('/account/sessions');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);

  await signOut(page);
  expect(await refreshCookie(page)).toBeUndefined();
  await page.reload();
  await expect(page.locator('#app-menu').getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
  await page.goto('/enterprise');
  await expect(page).toHaveURL(/\/login/);
});

test('a reviewer signing in with a TOTP code leaves no token in storage either', async ({ page, request }) => {
  test.setTimeout(120_000);
  const [gov] = await call<{ id: string }[]>(request, 'GET', '/api/admin/organisations?kind=government', 'admin');
  const username = `walk-storage-${Date.now()}`;
  const password = 'Walk-storage-2026';
  await call(request, 'POST', '/api/admin/users', 'admin', {
    username,
    password,
    display_name: '令牌存储演练',
    organisation_id: gov?.id,
    roles: ['gov_reviewer'],
  });
  // The factor enrolled through the API, as the TOTP walk does on its screen.
  const signedIn = await request.post('/api/auth/token', { form: { username, password } });
  const auth = { Authorization: `Bearer ${((await signedIn.json()) as { access_token: string }).access_token}` };
  const enrolled = await request.post('/api/auth/totp/enrol', { headers: auth });
  const { secret } = (await enrolled.json()) as { secret: string };
  const confirmedAt = Date.now();
  expect((await request.post('/api/auth/totp/confirm', { headers: auth, data: { code: totp(secret, confirmedAt) } })).status()).toBe(200);

  await signIn(page, username, password);
  await expect(page.getByText('该账号已启用两步验证，请输入身份验证器中的动态口令')).toBeVisible();
  await page.getByLabel('动态口令').fill(totp(secret, confirmedAt + 30_000));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page).toHaveURL(/\/gov$/);
  await expectNoTokenInStorage(page);
  await expectSignedInAfterReload(page, /\/gov$/);
  await signOut(page);
  await page.reload();
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
});

test('two tabs reloading at once both stay signed in: their refreshes do not trip reuse detection', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'vendor1');
  const second = await page.context().newPage();
  await second.goto('/vendor');
  await expect(second.getByTestId('user-menu')).toBeVisible();
  for (let round = 0; round < 3; round += 1) {
    await Promise.all([page.reload(), second.reload()]);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(second.getByTestId('user-menu')).toBeVisible();
  }
  // The session's family is alive: a third tab opened now restores it too.
  const third = await page.context().newPage();
  await third.goto('/vendor');
  await expect(third.getByTestId('user-menu')).toBeVisible();
  await expect(third).toHaveURL(/\/vendor/);
});
