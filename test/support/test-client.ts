import type { FastifyInstance } from 'fastify';

export interface Reply {
  status: number;
  json: unknown;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A pending request: await it, or `.expect(status)` to fail with the response body when it differs. */
export class Call implements PromiseLike<Reply> {
  constructor(private readonly promise: Promise<Reply>) {}

  then<A = Reply, B = never>(
    onOk?: ((value: Reply) => A | PromiseLike<A>) | null,
    onError?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return this.promise.then(onOk, onError);
  }

  async expect(status: number): Promise<Reply> {
    const reply = await this.promise;
    if (reply.status !== status) throw new Error(`expected HTTP ${status}, got ${reply.status}: ${reply.text}`);
    return reply;
  }
}

/**
 * Talks to the app over Fastify's HTTP injection, like a browser: keeps the session cookie and sends
 * the CSRF token, or like a script: sends a bearer token.
 */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  username = '';
  userId = 0;

  constructor(private readonly app: FastifyInstance) {}

  call(
    method: string,
    url: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Call {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (this.bearer !== undefined) headers.authorization = `Bearer ${this.bearer}`;
    if (options.csrf !== false && this.csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const promise = this.app
      .inject({
        method: method as 'GET',
        url,
        headers,
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
      .then((res) => {
        const setCookie = res.headers['set-cookie'];
        const cookies = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
        for (const c of cookies) {
          const pair = c.split(';')[0] ?? '';
          if (pair.startsWith('septype_session=')) this.cookie = pair.endsWith('=') ? undefined : pair;
        }
        let json: unknown;
        try {
          json = JSON.parse(res.body);
        } catch {
          json = undefined;
        }
        return { status: res.statusCode, json, text: res.body, headers: res.headers };
      });
    return new Call(promise);
  }

  async signIn(username: string, password: string, totpCode?: string): Promise<Reply> {
    const reply = await this.call('POST', '/api/auth/sign-in', {
      username,
      password,
      ...(totpCode === undefined ? {} : { totpCode }),
    });
    if (reply.status === 200) this.csrf = (reply.json as { csrfToken: string }).csrfToken;
    return reply;
  }

  /** Switches this client to a personal API token (no cookie, no CSRF). */
  useToken(token: string): this {
    this.cookie = undefined;
    this.csrf = undefined;
    this.bearer = token;
    return this;
  }
}

export function errorOf(reply: Reply): { code: string; message: string; key?: string; field?: string } {
  return (reply.json as { error: { code: string; message: string; key?: string; field?: string } }).error;
}
