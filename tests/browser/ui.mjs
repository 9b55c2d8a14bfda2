// Browser tests of the switcher widget, the branch menu, the network page
// and the demo's sign-in. Prints TAP. Screenshots go to
// build/test/screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const port = process.env.BN_HTTP_PORT;
const shots = `${process.env.BN_RUN}/screenshots`;
const url = (host, path = '/') => `http://${host}.demo.test:${port}${path}`;
let count = 0;
let failed = 0;

function ok(cond, name, detail) {
    count++;
    if (!cond) failed++;
    console.log(`${cond ? 'ok' : 'not ok'} ${count} - ${name}`);
    if (!cond && detail !== undefined) console.log(`# got: ${detail}`);
}

function sql(statement) {
    execFileSync('mariadb', ['--no-defaults', '-h', '127.0.0.1',
        '-P', process.env.BN_DB_PORT, '-ubranchnet', '-pbranchnet',
        'branchnet', '-e', statement]);
}

mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
           '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync',
           '--host-resolver-rules=MAP *.demo.test 127.0.0.1',
           // The demo runs on http; the clipboard needs a secure context.
           '--unsafely-treat-insecure-origin-as-secure=' +
               ['main', 'north', 'south', 'east']
                   .map((h) => url(h, '')).join(',')],
});

// A browser session of its own, with the clipboard allowed.
async function session() {
    const context = await browser.newContext({
        viewport: { width: 1100, height: 800 },
    });
    for (const host of ['main', 'north', 'south', 'east']) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'],
                                       { origin: url(host, '') });
    }
    const page = await context.newPage();
    page.errors = [];
    page.dialogs = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    page.on('dialog', async (d) => {
        page.dialogs.push(d.message());
        await (d.type() === 'confirm' ? d.accept() : d.dismiss());
    });
    return page;
}

async function signIn(page, host, login, path = '/') {
    await page.goto(url(host, path));
    await page.fill('input[name=httpd_username]', login);
    await page.fill('input[name=httpd_password]', 'demo');
    await Promise.all([page.waitForLoadState('load'),
                       page.click('button[type=submit]')]);
}

const widget = (page) => page.locator('[data-branchnet-widget]');

async function openWidget(page) {
    await widget(page).locator('.toggle').click();
    await widget(page).locator('.accounts li').first().waitFor();
}

async function widgetNames(page) {
    return widget(page).locator('.accounts .name').allTextContents();
}

try {
    // Sign in once, switch branches without a new sign-in.
    let page = await session();
    await signIn(page, 'north', 'clara');
    ok(await page.locator('h1').textContent() === 'Acme North',
       'clara signs in on north and sees its application');
    await page.waitForFunction(() => document.getElementById('app-status')
        .textContent.includes('ran'));
    ok(true, 'the page\'s own script runs beside the widget under its CSP');
    await openWidget(page);
    const listed = await widgetNames(page);
    ok(listed.join(',') === 'Acme Holding,Acme North,Acme South',
       'the widget lists exactly her accounts, main first', listed);
    ok(await widget(page).locator('li.current .name').textContent()
       === 'Acme North', 'the current account is marked');
    ok(await widget(page).locator('.more').count() === 0,
       'an employee sees no branch menu');
    await page.screenshot({ path: `${shots}/widget-open.png` });
    await Promise.all([page.waitForLoadState('load'),
        widget(page).locator('a.go', { hasText: 'Acme South' }).click()]);
    ok(page.url().startsWith(url('south')) &&
       await page.locator('h1').textContent() === 'Acme South',
       'one click opens south, with no new sign-in', page.url());
    ok(page.errors.length === 0, 'no script error on the page',
       page.errors.join('; '));
    const names = await page.evaluate(() => Object.keys(window)
        .filter((k) => /branch|widget|^bn/i.test(k)));
    ok(names.length === 0, 'the widget defines no global name', names);

    // Sign-out ends it on every host. (A response still on its way, such
    // as the favicon's, would renew the session cookie: let them land.)
    await page.waitForLoadState('networkidle');
    await page.goto(url('south', '/branchnet/do-logout'));
    await page.goto(url('north'));
    ok(await page.locator('input[name=httpd_password]').count() === 1,
       'after signing out, north asks to sign in again',
       (await page.context().cookies()).map((c) => c.name + '=' + c.value
           + ' ' + c.expires).join('; ') + ' / ' + await page.title());
    await page.context().close();

    // An administrator: the branch menu and each of its actions.
    page = await session();
    await signIn(page, 'main', 'anna');
    await openWidget(page);
    ok(await widget(page).locator('.more').count() === 1,
       'the main administrator sees a branch menu');
    await widget(page).locator('.more').first().click();
    await widget(page).getByRole('menuitem', { name: 'Copy address' }).click();
    await widget(page).locator('.note', { hasText: 'copied' }).waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    ok(clip === url('main'), 'Copy address puts the address on the clipboard',
       clip);

    await page.goto(url('main', '/branchnet/'));
    await page.locator('table tr', { hasText: 'Acme North' }).waitFor();
    const rows = await page.locator('table tr td strong').allTextContents();
    ok(rows.join(',') === 'Acme Holding,Acme East,Acme North,Acme South',
       'the network page lists the main account and every branch', rows);
    ok((await page.locator('table tr', { hasText: 'Acme East' })
        .textContent()).includes('trial, 15 days left'),
       'with the trial days left');
    await page.screenshot({ path: `${shots}/network-page.png`,
                            fullPage: true });

    await page.locator('table tr', { hasText: 'Acme North' })
        .getByRole('link', { name: 'Invite employees' }).click();
    await page.fill('textarea[name=emails]', 'newhire@demo.test');
    await page.click('button[type=submit]');
    const link = await page.locator('.links code').first().textContent();
    ok(/#\/accept\/[0-9a-f]{32}$/.test(link), 'an invitation link is shown',
       link);

    const second = await session();
    await signIn(second, 'north', 'nina', '/branchnet/');
    await second.goto(link.replace(/^http:\/\/[^/]+/, url('north', '')));
    await second.getByRole('button', { name: 'Accept the invitation' })
        .click();
    await second.locator('.status', { hasText: 'member' }).waitFor();
    const accepted = await second.locator('.status').textContent();
    // Every process of the server sees the change from its next request.
    await second.goto(url('north'));
    const h1 = await second.locator('h1').textContent();
    ok(h1 === 'Acme North', 'nina accepts the invitation and reaches north',
       accepted + ' / ' + h1);
    await second.context().close();

    await page.goto(url('main', '/branchnet/#/accounts/2/employees'));
    const ninaRow = page.locator('tr', { hasText: 'nina' });
    await ninaRow.locator('select').selectOption('admin');
    await page.locator('.status', { hasText: 'is now admin' }).waitFor();
    ok(true, 'the role of nina is changed to admin');

    await page.goto(url('main', '/branchnet/#/accounts/2/structure'));
    await page.locator('.tree .dep', { hasText: 'Sales' }).waitFor();
    const deps = await page.locator('.tree .dep').allTextContents();
    ok(deps.join(',') === 'Acme North,Sales,Accounting,Archive',
       'the structure is drawn as a tree', deps);

    await page.goto(url('main', '/branchnet/'));
    await page.locator('table tr', { hasText: 'Acme East' })
        .getByRole('button', { name: 'Disconnect' }).click();
    await page.locator('table tr', { hasText: 'Acme East' })
        .waitFor({ state: 'detached' });
    ok(page.dialogs.some((m) => m.includes('"Acme East"')),
       'disconnecting asks for confirmation naming the branch',
       page.dialogs);
    const elena = await session();
    await signIn(elena, 'south', 'elena');
    await openWidget(elena);
    ok((await widgetNames(elena)).join(',') === 'Acme South',
       'east is gone from the switcher', await widgetNames(elena));
    await elena.context().close();

    // Readable at 360 pixels.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url('main', '/branchnet/'));
    await page.locator('table').waitFor();
    const wide = await page.evaluate(() =>
        document.documentElement.scrollWidth);
    ok(wide <= 360, 'the network page fits 360 pixels', wide);
    await page.screenshot({ path: `${shots}/network-page-360.png`,
                            fullPage: true });
    await page.context().close();

    // Hostile names are text everywhere.
    const evil = '<img src=x onerror=alert(1)>';
    sql(`UPDATE bn_accounts SET name = '${evil}' WHERE id = 2;` +
        `UPDATE bn_departments SET name = '${evil}' WHERE id = 5;` +
        'UPDATE bn_generation SET generation = generation + 1');
    page = await session();
    await signIn(page, 'south', 'clara');
    await openWidget(page);
    ok((await widgetNames(page)).includes(evil),
       'the widget shows a hostile name as text');
    await page.goto(url('main', '/branchnet/do-logout'));
    await signIn(page, 'main', 'anna', '/branchnet/');
    await page.locator('table tr strong', { hasText: evil }).waitFor();
    ok(true, 'the network page shows it as text');
    await page.goto(url('main', '/branchnet/#/accounts/2/structure'));
    await page.locator('.tree .dep', { hasText: evil }).waitFor();
    ok(true, 'the structure shows it as text');
    await page.screenshot({ path: `${shots}/hostile-name.png` });
    await page.goto(url('main', '/branchnet/#/accounts/2/employees'));
    await page.locator('td', { hasText: evil }).first().waitFor();
    ok(true, 'the employees page shows it as text');
    ok(page.dialogs.length === 0 && page.errors.length === 0,
       'and nothing of it runs', page.dialogs.concat(page.errors));
    await page.context().close();
} catch (e) {
    ok(false, 'the browser test ran to its end', e.stack);
} finally {
    await browser.close();
}
console.log(`1..${count}`);
process.exit(failed ? 1 : 0);
