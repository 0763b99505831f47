// sdk-compat.js: Tencent Cloud's official Node.js SDK (CommonClient, as
// published on npm) calls a real im-plan-server unchanged. Prints TAP.
//
// The SDK derives the credential scope's service from the first label of
// the endpoint and signs the bare hostname, so the endpoint is
// "im.tencentcloudapi.com:PORT" and an http.Agent resolves that name to the
// loopback server, as a private DNS entry would for a team's deployment.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { CommonClient } = require('tencentcloud-sdk-nodejs-common');

const server = process.env.IMC_PLAN_SERVER;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imc-sdk-compat-'));
const db = path.join(dir, 'plan.db');
let n = 0;
let failed = 0;

function ok(cond, name, detail) {
  n++;
  if (cond) {
    console.log(`ok ${n} ${name}`);
  } else {
    failed++;
    console.log(`not ok ${n} ${name}`);
    if (detail !== undefined) console.log(`# ${String(detail).split('\n').join('\n# ')}`);
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(server, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--demo'],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error('server did not start in 30 s')), 30000);
    child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)\/$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
  });
}

async function expectCode(promise, code, name) {
  try {
    await promise;
    ok(false, name, 'the call succeeded');
  } catch (e) {
    ok(e.code === code, name, `got ${e.code}: ${e.message}`);
    return e;
  }
  return null;
}

async function main() {
  const { child, port } = await startServer();
  const key = JSON.parse(execFileSync(server, ['create-key', '--db', db, '--account', 'sdk'], { encoding: 'utf8' }));
  const agent = new http.Agent({
    lookup: (hostname, options, callback) => {
      if (options && options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    },
  });
  const makeClient = (secretKey, language) => new CommonClient(`im.tencentcloudapi.com:${port}`, '2026-11-01', {
    credential: { secretId: key.SecretId, secretKey },
    region: 'ap-guangzhou',
    profile: { httpProfile: { protocol: 'http://', agent, reqTimeout: 30 }, language },
  });
  const client = makeClient(key.SecretKey, 'en-US');

  console.log('1..12');
  try {
    const catalog = await client.request('DescribePlanCatalog', {});
    ok(Array.isArray(catalog.Editions) && catalog.Editions.length === 3, 'DescribePlanCatalog lists three editions');
    ok(typeof catalog.RequestId === 'string' && catalog.RequestId.length > 0, 'answers carry a RequestId');

    const empty = await client.request('DescribeApps', { Limit: 10 });
    ok(empty.TotalCount === 0, 'a new account sees no apps, not the demo account\'s', JSON.stringify(empty));

    const created = await client.request('CreateApp', { AppName: 'SDK app' });
    ok(Number.isInteger(Number(created.SdkAppId)) && Number(created.SdkAppId) >= 1400000000, 'CreateApp returns an SdkAppId', JSON.stringify(created));
    const id = Number(created.SdkAppId);

    const described = await client.request('DescribeApp', { SdkAppId: id });
    ok(described.App.Plan.Edition === 'Free' && described.App.Status === 'Enabled', 'a new app is Free and Enabled', JSON.stringify(described));

    const upgraded = await client.request('UpgradeAppPlan', { SdkAppId: id, Edition: 'Pro', MaxMembersPerGroup: 500, ClientToken: 'sdk-compat-1' });
    ok(upgraded.App.Plan.Edition === 'Pro' && upgraded.App.Plan.BillingMode === 'Postpaid' && upgraded.App.Plan.MaxMembersPerGroup === 500,
       'UpgradeAppPlan to Pro with more members per group', JSON.stringify(upgraded));

    await expectCode(client.request('ModifyAppPlan', { SdkAppId: id, MaxMembersPerGroup: 1000 }),
                     'LimitExceeded.MonthlyModification', 'a second change of the item this month is refused');
    await expectCode(client.request('UpgradeAppPlan', { SdkAppId: id, Edition: 'Ultimate' }),
                     'UnsupportedOperation.NotFreeEdition', 'upgrade is only from Free');
    await expectCode(client.request('DescribeApp', { SdkAppId: 1 }),
                     'ResourceNotFound.App', 'an unknown app is ResourceNotFound.App');
    await expectCode(client.request('NoSuchAction', {}), 'InvalidAction', 'an unknown action is InvalidAction');
    await expectCode(makeClient('wrong-key', 'en-US').request('DescribeApps', {}),
                     'AuthFailure.SignatureFailure', 'a wrong key is AuthFailure.SignatureFailure');

    // Replace the start-up listener that treats an exit as a failure.
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    const status = await exited;
    ok(status.code === 0, 'SIGTERM stops the server with status 0', JSON.stringify(status));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    agent.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(failed ? 1 : 0), (e) => {
  console.log(`Bail out! ${e.stack || e}`);
  process.exit(1);
});
