import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessTokenCache } from './channels/access-token.ts';
import { parseSettings } from './channels/config.ts';
import { httpTransport, type OutgoingMessage } from './channels/transports.ts';

/**
 * WeCom access tokens against a local HTTP server that plays the WeCom API: it issues tokens
 * (7200 s) for the right corp secret, accepts a message only with a live token, and can expire
 * or revoke a token early. The cache's clock is a fake one the test moves.
 */

const CORP_SECRET = 'corp-secret-0123456789';

interface FakeWeCom {
  readonly url: string;
  /** Every request as "GET gettoken" or "POST send tok-N". */
  readonly log: string[];
  /** Tokens the server refuses as expired (42001) or never issued / revoked (40014). */
  readonly expired: Set<string>;
  readonly revoked: Set<string>;
  close(): Promise<void>;
}

async function startFakeWeCom(): Promise<FakeWeCom> {
  const log: string[] = [];
  const expired = new Set<string>();
  const revoked = new Set<string>();
  const issued = new Set<string>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const answer = (o: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify(o));
      };
      if (u.pathname === '/cgi-bin/gettoken') {
        log.push('GET gettoken');
        if (u.searchParams.get('corpid') !== 'ww1' || u.searchParams.get('corpsecret') !== CORP_SECRET) return answer({ errcode: 40001, errmsg: 'invalid secret' });
        const token = `tok-${++n}`;
        issued.add(token);
        return answer({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
      }
      const token = u.searchParams.get('access_token') ?? '';
      log.push(`POST send ${token}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { touser?: string };
      if (expired.has(token)) return answer({ errcode: 42001, errmsg: 'access_token expired' });
      if (!issued.has(token) || revoked.has(token)) return answer({ errcode: 40014, errmsg: 'invalid access_token' });
      return answer({ errcode: 0, errmsg: 'ok', touser: body.touser });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    expired,
    revoked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const servers: FakeWeCom[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const msg: OutgoingMessage = { to: 'ZhangSan', subject: 's', text: '新任务', vars: { reason: 'task.assigned', caseId: 'c-1', taskId: '', storeId: '', staffId: 'adv1', notificationId: '1', process: '', step: '' } };

async function setUp(secret = CORP_SECRET) {
  const wecom = await startFakeWeCom();
  servers.push(wecom);
  const clock = { now: Date.UTC(2026, 2, 2, 1, 0) };
  const tokens = new AccessTokenCache(() => clock.now);
  const config = parseSettings('wecom', {
    url: `${wecom.url}/cgi-bin/message/send?access_token={{accessToken}}`,
    successField: 'errcode',
    successValue: 0,
    accessToken: { url: `${wecom.url}/cgi-bin/gettoken?corpid=ww1&corpsecret={{secret}}` },
  });
  if (config.kind === 'email') throw new Error('unreachable');
  const transport = httpTransport('wecom', config.settings, secret, { tokens });
  return { wecom, clock, transport };
}

describe('WeCom access tokens', () => {
  it('fetches a token once, keeps it until five minutes before it expires, then fetches the next', async () => {
    const { wecom, clock, transport } = await setUp();
    await transport.send(msg);
    await transport.send(msg);
    clock.now += (7200 - 301) * 1000; // still 5 min and a second to go: the same token
    await transport.send(msg);
    clock.now += 2000; // within the last five minutes: a new one before sending
    await transport.send(msg);
    expect(wecom.log).toEqual(['GET gettoken', 'POST send tok-1', 'POST send tok-1', 'POST send tok-1', 'GET gettoken', 'POST send tok-2']);
  });

  it('a token the API calls expired (42001) or invalid (40014) is replaced and the message sent once more', async () => {
    const { wecom, transport } = await setUp();
    await transport.send(msg);
    wecom.expired.add('tok-1'); // expired early on the server's side
    await transport.send(msg);
    wecom.revoked.add('tok-2'); // another server fetched a new token: this one is void
    await transport.send(msg);
    await transport.send(msg);
    expect(wecom.log).toEqual([
      'GET gettoken',
      'POST send tok-1',
      'POST send tok-1',
      'GET gettoken',
      'POST send tok-2',
      'POST send tok-2',
      'GET gettoken',
      'POST send tok-3',
      'POST send tok-3',
    ]);
  });

  it('retries only once: a send still refused with a fresh token fails, naming the error code', async () => {
    const { wecom, transport } = await setUp();
    await transport.send(msg);
    wecom.expired.add('tok-1');
    wecom.expired.add('tok-2'); // the next token is refused too
    await expect(transport.send(msg)).rejects.toThrow(/errcode is 42001, not 0/);
    expect(wecom.log).toEqual(['GET gettoken', 'POST send tok-1', 'POST send tok-1', 'GET gettoken', 'POST send tok-2']);
  });

  it('sends that start together share one token fetch', async () => {
    const { wecom, transport } = await setUp();
    await Promise.all([transport.send(msg), transport.send(msg), transport.send(msg)]);
    expect(wecom.log.filter((l) => l === 'GET gettoken')).toHaveLength(1);
    expect(wecom.log.filter((l) => l === 'POST send tok-1')).toHaveLength(3);
  });

  it('a refused corp secret fails the send without showing the secret, and nothing is cached', async () => {
    const { wecom, transport } = await setUp('wrong-secret-xyz');
    const err = await transport.send(msg).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/access token from .*corpsecret=….*no access_token/);
    expect(err?.message).not.toContain('wrong-secret-xyz');
    await expect(transport.send(msg)).rejects.toThrow();
    expect(wecom.log).toEqual(['GET gettoken', 'GET gettoken']);
  });

  it('settings: with accessToken the URL must use {{accessToken}}, and the token URL must carry {{secret}}', () => {
    expect(() => parseSettings('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/message/send', accessToken: { url: 'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret={{secret}}' } })).toThrow(
      /must use \{\{accessToken\}\}/,
    );
    expect(() =>
      parseSettings('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token={{accessToken}}', accessToken: { url: 'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1' } }),
    ).toThrow(/must carry the secret/);
    const ok = parseSettings('wecom', {
      url: 'https://api.weixin.qq.com/cgi-bin/message/template/send?access_token={{accessToken}}',
      accessToken: { url: 'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret={{secret}}' },
    });
    expect(ok.kind === 'wecom' && ok.settings.accessToken?.refreshOn).toEqual([40014, 42001]);
  });
});
