import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  json: unknown;
  text: string;
  setCookie: string[];
}

export interface Credentials {
  /** A personal API token (`Authorization: Bearer`). */
  token?: string;
  /** A session: the cookie pair and the CSRF token that goes with it. */
  session?: { cookie: string; csrf: string };
}

/**
 * A JSON client over one keep-alive connection pool to one server process. A request rejects when no
 * complete answer came (connection refused or reset, a body cut off): the write's fate is then unknown,
 * which is what the crash test must tell apart from an answer.
 */
export class Http {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 128 });

  constructor(readonly baseUrl: string) {}

  call(method: string, path: string, body?: unknown, credentials: Credentials = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (credentials.token !== undefined) headers.authorization = `Bearer ${credentials.token}`;
    if (credentials.session !== undefined) {
      headers.cookie = credentials.session.cookie;
      headers['x-csrf-token'] = credentials.session.csrf;
    }
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        { method, headers, agent: this.agent, timeout: 30_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('aborted', () => reject(new Error(`${method} ${path}: answer cut off`)));
          response.on('end', () => {
            if (!response.complete) return reject(new Error(`${method} ${path}: answer cut off`));
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            const setCookie = response.headers['set-cookie'] ?? [];
            resolve({ status: response.statusCode ?? 0, json, text, setCookie });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `call`, but any status other than `status` is an error naming the answer. */
  async expect(
    status: number,
    method: string,
    path: string,
    body?: unknown,
    credentials: Credentials = {},
  ): Promise<Answer> {
    const answer = await this.call(method, path, body, credentials);
    if (answer.status !== status) {
      throw new Error(`${method} ${path}: expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
    }
    return answer;
  }

  close(): void {
    this.agent.destroy();
  }
}
