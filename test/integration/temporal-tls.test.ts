import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { ServiceContext } from '../../client/services/context';
import { loadConfig } from '../../config';
import { checkStack, type PieceStatus } from '../../config/stack-status';
import { connectClient, tlsOptions } from '../../config/temporal';
import { connectWorker } from '../../worker/connection';

// The Temporal TLS and API key settings (TEMPORAL_TLS_CA, _SERVER_NAME, _CERT, _KEY, TEMPORAL_API_KEY)
// through the project's own paths, loadConfig + connectClient (client, CLI, `cchc status`) and
// connectWorker (the worker's NativeConnection), against TLS fronts on loopback that terminate TLS
// with a private CA made here and forward to the plaintext Temporal dev server of the global setup:
//   - a raw front (node:tls, ALPN h2) piping bytes, optionally requiring a client certificate;
//   - an HTTP/2 front (node:http2) that proxies each gRPC call stream by stream and records the
//     `authorization` header it received, to see the API key arrive over TLS.

const SERVER_NAME = 'temporal.test.example';
const API_KEY = 'cchc-test-api-key-3f9a1c7e5b2d4086';
/** connectClient's connectTimeout is 5 s: a refusal comes by then, with slack for a busy machine. */
const REFUSED_WITHIN_MS = 8_000;

interface Pki {
  dir: string;
  caFile: string;
  ca: string;
  serverKey: string;
  serverCert: string;
  clientKeyFile: string;
  clientCertFile: string;
  /** A client pair the CA never signed (self-signed), for the mTLS front to refuse. */
  rogueKeyFile: string;
  rogueCertFile: string;
}

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:${SERVER_NAME}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/**
 * A CA, a server certificate for SERVER_NAME only (one DNS name, no IP) and a client certificate it
 * signed, plus a self-signed client pair, by the system's openssl (as test/support/tls-cert.ts).
 */
function makePki(): Pki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-temporal-tls-'));
  const at = (name: string) => path.join(dir, name);
  fs.writeFileSync(at('openssl.cnf'), OPENSSL_CONFIG);
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.error || run.status !== 0)
      throw new Error(`openssl ${args.slice(0, 2).join(' ')} failed: ${run.error?.message ?? run.stderr}`);
  };
  const newKey = (name: string, cn: string) => [
    ...['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-config', 'openssl.cnf'],
    ...['-subj', `/CN=${cn}`, '-keyout', `${name}-key.pem`],
  ];
  const selfSigned = (name: string, cn: string, ext: string) =>
    openssl('req', '-x509', ...newKey(name, cn), '-extensions', ext, '-days', '2', '-out', `${name}.pem`);
  const signed = (name: string, cn: string, ext: string, serial: number) => {
    openssl('req', '-new', ...newKey(name, cn), '-out', `${name}.csr`);
    openssl(
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem'],
      ...['-set_serial', String(serial), '-days', '2', '-sha256'],
      ...['-extfile', 'openssl.cnf', '-extensions', ext, '-out', `${name}.pem`],
    );
  };
  selfSigned('ca', 'cchc test CA', 'ca_ext');
  signed('server', SERVER_NAME, 'server_ext', 2);
  signed('client', 'cchc worker', 'client_ext', 3);
  selfSigned('rogue', 'cchc worker', 'client_ext');
  const read = (name: string) => fs.readFileSync(at(name), 'utf8');
  return {
    dir,
    caFile: at('ca.pem'),
    ca: read('ca.pem'),
    serverKey: read('server-key.pem'),
    serverCert: read('server.pem'),
    clientKeyFile: at('client-key.pem'),
    clientCertFile: at('client.pem'),
    rogueKeyFile: at('rogue-key.pem'),
    rogueCertFile: at('rogue.pem'),
  };
}

interface Front {
  /** host:port, for TEMPORAL_ADDRESS. */
  address: string;
  /** Handshakes the front completed. */
  accepted: number;
  /** Why the front saw handshakes fail (the client's alert, or its own refusal of a client certificate). */
  handshakeErrors: string[];
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as net.AddressInfo).port}`));
  });
}

function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

/** node:tls, ALPN h2, every accepted connection piped to the dev server's plaintext port. */
async function startRawFront(pki: Pki, upstream: string, opts: { requireClientCert?: boolean } = {}) {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({
    key: pki.serverKey,
    cert: pki.serverCert,
    ALPNProtocols: ['h2'],
    ...(opts.requireClientCert ? { ca: pki.ca, requestCert: true, rejectUnauthorized: true } : {}),
  });
  const front: Front = {
    address: '',
    accepted: 0,
    handshakeErrors: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client certificate refused by Node's own check (rejectUnauthorized) ends as "socket hang up":
  // the reason is the socket's authorizationError.
  server.on('tlsClientError', (err, socket) =>
    front.handshakeErrors.push(socket.authorizationError ? String(socket.authorizationError) : err.message),
  );
  server.on('secureConnection', (socket) => {
    front.accepted++;
    const { host, port } = splitHostPort(upstream);
    const backend = net.connect(port, host);
    sockets.add(backend);
    backend.on('close', () => sockets.delete(backend));
    socket.on('error', () => backend.destroy());
    backend.on('error', () => socket.destroy());
    socket.pipe(backend).pipe(socket);
  });
  front.address = await listen(server);
  return front;
}

/** Accepts TCP connections and never answers: a stuck load balancer, a TLS handshake that never ends. */
async function startStalledFront(): Promise<Front> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const front: Front = {
    address: await listen(server),
    accepted: 0,
    handshakeErrors: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return front;
}

/** `attempt`'s outcome, or undefined if it is still pending after `ms` (then left to the front's close). */
function within(ms: number, attempt: Promise<Outcome>): Promise<Outcome | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    attempt,
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
  ]).finally(() => clearTimeout(timer));
}

interface H2Front extends Front {
  /** The `authorization` header of every gRPC call received, in order (undefined: none). */
  authorizations: (string | undefined)[];
  /** The gRPC methods called through the front. */
  paths: string[];
}

/**
 * node:http2 over TLS: each stream is replayed on one HTTP/2 session to the dev server, response
 * headers, body and trailers (or a trailers-only answer) back, resets passed on both ways.
 */
async function startH2Front(pki: Pki, upstream: string): Promise<H2Front> {
  const sessions = new Set<http2.Http2Session>();
  const backend = http2.connect(`http://${upstream}`);
  backend.on('error', () => undefined);
  const server = http2.createSecureServer({ key: pki.serverKey, cert: pki.serverCert });
  const front: H2Front = {
    address: '',
    accepted: 0,
    handshakeErrors: [],
    authorizations: [],
    paths: [],
    close: async () => {
      for (const s of sessions) s.destroy();
      backend.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on('secureConnection', () => front.accepted++);
  server.on('tlsClientError', (err) => front.handshakeErrors.push(err.message));
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    front.authorizations.push(headers.authorization);
    front.paths.push(String(headers[':path']));
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers))
      if (name !== ':scheme' && name !== ':authority') forwarded[name] = value;
    const call = backend.request(forwarded);
    let trailers: http2.OutgoingHttpHeaders = {};
    call.on('response', (responseHeaders, flags) => {
      if (stream.destroyed) return;
      if (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) {
        stream.respond(responseHeaders, { endStream: true });
      } else {
        stream.respond(responseHeaders, { waitForTrailers: true });
        call.pipe(stream);
      }
    });
    call.on('trailers', (t) => (trailers = t));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    stream.pipe(call);
    stream.on('error', () => undefined);
    call.on('error', () => undefined);
    // A call that ended normally closes before its trailers are passed on: only resets travel.
    stream.on('close', () => {
      if (!call.closed) call.close(stream.rstCode || http2.constants.NGHTTP2_CANCEL);
    });
    call.on('close', () => {
      if (call.rstCode !== http2.constants.NGHTTP2_NO_ERROR && !stream.closed) stream.close(call.rstCode);
    });
  });
  front.address = await listen(server);
  return front;
}

type Outcome = { ok: true; serverVersion: string; ms: number } | { ok: false; message: string; ms: number };

/** loadConfig(env) + connectClient, then getSystemInfo and describeNamespace. */
async function viaClient(env: NodeJS.ProcessEnv): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const connection = await connectClient(loadConfig(env).temporal);
    try {
      const info = await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      return { ok: true, serverVersion: info.serverVersion ?? '', ms: Date.now() - t0 };
    } finally {
      await connection.close();
    }
  } catch (err) {
    return { ok: false, message: explain(err), ms: Date.now() - t0 };
  }
}

/** loadConfig(env) + connectWorker (the worker's NativeConnection), then getSystemInfo. */
async function viaWorker(env: NodeJS.ProcessEnv): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const connection = await connectWorker(loadConfig(env).temporal);
    try {
      const info = await connection.workflowService.getSystemInfo({});
      return { ok: true, serverVersion: info.serverVersion ?? '', ms: Date.now() - t0 };
    } finally {
      await connection.close();
    }
  } catch (err) {
    return { ok: false, message: explain(err), ms: Date.now() - t0 };
  }
}

/** An error's message with its causes, as far as they go. */
function explain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause)
    parts.push(e instanceof Error ? e.message : String(e));
  return parts.join(' <- ');
}

const TLS_REFUSAL = /certificate|tls|ssl|handshake/i;
/**
 * What connectClient says when every handshake fails: @temporalio/client waits for the gRPC channel
 * with grpc-js's waitForReady, whose error drops the reason, until connectTimeout (5 s).
 */
const CLIENT_GAVE_UP = /^Failed to connect before the deadline$/;

/**
 * Refused by the TLS layer, within the bound, and the error says so: the worker's from Core, the
 * client's from connectClient's own handshake (naming the variable to check when `variable` is given).
 */
function expectRefused(outcome: Outcome, kind: 'client' | 'worker', variable?: string) {
  expect(outcome.ok).toBe(false);
  const { message } = outcome as { message: string };
  expect(message).toMatch(TLS_REFUSAL);
  if (kind === 'client') expect(message).toMatch(/^lỗi TLS: /);
  if (kind === 'client' && variable) expect(message).toContain(variable);
  expect(outcome.ms).toBeLessThan(REFUSED_WITHIN_MS);
}

describe('Temporal over TLS and with an API key (private CA, TLS fronts on loopback)', () => {
  const devServer = process.env.TEMPORAL_ADDRESS!;
  let pki: Pki;
  /** One front per case, so that what each front saw is that case's alone. */
  let fronts: {
    trusted: Front;
    noCa: Front;
    badName: Front;
    mtlsNoCert: Front;
    mtlsRogue: Front;
    mtlsOk: Front;
    keyed: H2Front;
    keyOnly: H2Front;
    stalled: Front;
  };
  /**
   * The refused attempts, started together in beforeAll: connectClient only gives up at its 5 s
   * connectTimeout, so one after the other they would take 5 s each. Each test awaits its own.
   */
  let refusals: {
    noCa: Promise<Outcome[]>;
    badName: Promise<Outcome[]>;
    mtls: Promise<Outcome[]>;
    keyOnly: Promise<{ client: Outcome; worker: Outcome; cli: string; status: PieceStatus }>;
    stalled: Promise<(Outcome | undefined)[]>;
  };
  /** The attempts that may outlive their bound, settled once the fronts are closed. */
  const lingering: Promise<Outcome>[] = [];
  const env = (front: Front, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    TEMPORAL_ADDRESS: front.address,
    TEMPORAL_NAMESPACE: 'default',
    ...extra,
  });
  const trusted = () => ({ TEMPORAL_TLS_CA: pki.caFile, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME });
  const both = (e: NodeJS.ProcessEnv) => Promise.all([viaClient(e), viaWorker(e)]);

  beforeAll(async () => {
    pki = makePki();
    const raw = () => startRawFront(pki, devServer);
    const mtls = () => startRawFront(pki, devServer, { requireClientCert: true });
    const [trustedFront, noCa, badName, mtlsNoCert, mtlsRogue, mtlsOk, keyed, keyOnly, stalled] =
      await Promise.all([
        raw(),
        raw(),
        raw(),
        mtls(),
        mtls(),
        mtls(),
        startH2Front(pki, devServer),
        startH2Front(pki, devServer),
        startStalledFront(),
      ]);
    fronts = { trusted: trustedFront, noCa, badName, mtlsNoCert, mtlsRogue, mtlsOk, keyed, keyOnly, stalled };
    const stalledEnv = env(stalled, trusted());
    lingering.push(viaClient(stalledEnv), viaWorker(stalledEnv));
    const rogue = { TEMPORAL_TLS_CERT: pki.rogueCertFile, TEMPORAL_TLS_KEY: pki.rogueKeyFile };
    const keyOnlyEnv = env(keyOnly, { TEMPORAL_API_KEY: API_KEY });
    const context = new ServiceContext(keyOnlyEnv);
    refusals = {
      noCa: both(env(noCa, { TEMPORAL_TLS_SERVER_NAME: SERVER_NAME })),
      badName: Promise.all([
        both(env(badName, { TEMPORAL_TLS_CA: pki.caFile, TEMPORAL_TLS_SERVER_NAME: 'other.test.example' })),
        both(env(badName, { TEMPORAL_TLS_CA: pki.caFile })),
      ]).then((r) => r.flat()),
      mtls: Promise.all([
        both(env(mtlsNoCert, trusted())),
        both(env(mtlsRogue, { ...trusted(), ...rogue })),
      ]).then((r) => r.flat()),
      keyOnly: Promise.all([
        viaClient(keyOnlyEnv),
        viaWorker(keyOnlyEnv),
        context.temporal().then(
          () => 'connected',
          (err: unknown) => explain(err),
        ),
        checkStack(loadConfig(keyOnlyEnv), { timeoutMs: 5_000 }),
      ]).then(async ([client, worker, cli, status]) => {
        await context.close();
        return { client, worker, cli, status: status.pieces[0]! };
      }),
      stalled: Promise.all(lingering.map((attempt) => within(REFUSED_WITHIN_MS, attempt))),
    };
  });
  afterAll(async () => {
    // Nothing left running if a test failed before awaiting its attempts.
    await Promise.allSettled(Object.values(refusals ?? {}));
    await Promise.all(Object.values(fronts ?? {}).map((f) => f.close()));
    await Promise.allSettled(lingering);
    if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('the plaintext dev server is what the fronts forward to', async () => {
    expect(await viaClient({ TEMPORAL_ADDRESS: devServer })).toMatchObject({ ok: true });
  });

  it('1. TEMPORAL_TLS_CA + TEMPORAL_TLS_SERVER_NAME: client, worker and `cchc status` connect and work', async () => {
    const [client, worker] = await both(env(fronts.trusted, trusted()));
    expect(client).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^1\.\d+\.\d+/) });
    expect(worker).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^1\.\d+\.\d+/) });
    const status = await checkStack(loadConfig(env(fronts.trusted, trusted())), { timeoutMs: 5_000 });
    expect(status.pieces[0]).toMatchObject({
      piece: 'temporal',
      target: `${fronts.trusted.address} namespace default (TLS)`,
      ok: true,
      detail: expect.stringMatching(/; namespace default; đã đăng ký thuộc tính tìm kiếm$/),
    });
    expect(fronts.trusted.accepted).toBeGreaterThanOrEqual(3);
    expect(fronts.trusted.handshakeErrors).toEqual([]);
  });

  it('2. without TEMPORAL_TLS_CA (system roots only): refused, quickly, for a certificate reason', async () => {
    const [client, worker] = await refusals.noCa;
    expectRefused(client!, 'client', 'TEMPORAL_TLS_CA');
    expectRefused(worker!, 'worker');
    expect(worker).toMatchObject({ message: expect.stringContaining('InvalidCertificate(UnknownIssuer)') });
    // No handshake completed, so nothing reached the dev server; the worker's TLS alert says why.
    expect(fronts.noCa.accepted).toBe(0);
    expect(fronts.noCa.handshakeErrors.join('\n')).toMatch(/alert unknown ca/);
  });

  it('3. a TEMPORAL_TLS_SERVER_NAME the certificate is not for, or none (the address is an IP): refused', async () => {
    const [client, worker, clientNoName, workerNoName] = await refusals.badName;
    expectRefused(client!, 'client', 'TEMPORAL_TLS_SERVER_NAME');
    expectRefused(clientNoName!, 'client', 'TEMPORAL_TLS_SERVER_NAME');
    expectRefused(worker!, 'worker');
    expectRefused(workerNoName!, 'worker');
    expect(worker).toMatchObject({ message: expect.stringContaining('DnsName("other.test.example")') });
    expect(workerNoName).toMatchObject({ message: expect.stringContaining('IpAddress(V4(') });
    expect(fronts.badName.accepted).toBe(0);
    expect(fronts.badName.handshakeErrors.join('\n')).toMatch(/alert bad certificate/);
  });

  it('4. mTLS: a front requiring client certificates refuses none or an unknown one, accepts TEMPORAL_TLS_CERT/KEY', async () => {
    const withCert = { TEMPORAL_TLS_CERT: pki.clientCertFile, TEMPORAL_TLS_KEY: pki.clientKeyFile };
    const [[clientOk, workerOk], [client, worker, clientRogue, workerRogue]] = await Promise.all([
      both(env(fronts.mtlsOk, { ...trusted(), ...withCert })),
      refusals.mtls,
    ]);
    expect(clientOk).toMatchObject({ ok: true });
    expect(workerOk).toMatchObject({ ok: true });
    expect(fronts.mtlsOk.accepted).toBeGreaterThanOrEqual(2);
    expectRefused(client!, 'client', 'TEMPORAL_TLS_CERT');
    expectRefused(worker!, 'worker');
    expectRefused(clientRogue!, 'client', 'TEMPORAL_TLS_CERT');
    expectRefused(workerRogue!, 'worker');
    // The refusals are the fronts': no certificate, or one the CA did not sign; none got through.
    expect(fronts.mtlsNoCert.accepted).toBe(0);
    expect(fronts.mtlsRogue.accepted).toBe(0);
    expect(fronts.mtlsNoCert.handshakeErrors.join('\n')).toMatch(/peer did not return a certificate/);
    expect(fronts.mtlsRogue.handshakeErrors.join('\n')).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('5. TEMPORAL_API_KEY + CA: client and worker send `authorization: Bearer <key>` over TLS on every call', async () => {
    const [client, worker] = await both(env(fronts.keyed, { ...trusted(), TEMPORAL_API_KEY: API_KEY }));
    const { paths, authorizations } = fronts.keyed;
    expect(client).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^1\.\d+\.\d+/) });
    expect(worker).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^1\.\d+\.\d+/) });
    expect(paths).toEqual(
      expect.arrayContaining([
        '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
        '/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace',
      ]),
    );
    expect(authorizations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(authorizations)).toEqual(new Set([`Bearer ${API_KEY}`]));
  });

  it('5. TEMPORAL_API_KEY alone means TLS (system roots): refused at the handshake, the key never printed', async () => {
    expect(tlsOptions(loadConfig(env(fronts.keyOnly, { TEMPORAL_API_KEY: API_KEY })).temporal)).toBe(true);
    const { client, worker, cli, status } = await refusals.keyOnly;
    expectRefused(client, 'client');
    expectRefused(worker, 'worker');
    expect(cli).toMatch(/^không kết nối được Temporal tại 127\.0\.0\.1:\d+: lỗi TLS: .*TEMPORAL_TLS_CA/);
    expect(status).toMatchObject({ piece: 'temporal', ok: false });
    // The front saw TLS clients (the worker's alert: it does not know our CA), and no call at all.
    expect(fronts.keyOnly.handshakeErrors.join('\n')).toMatch(/alert unknown ca/);
    expect(fronts.keyOnly.accepted).toBe(0);
    expect(fronts.keyOnly.authorizations).toEqual([]);
    const printed = [
      (client as { message: string }).message,
      (worker as { message: string }).message,
      cli,
      status.detail,
      status.target,
    ];
    for (const text of printed) expect(text).not.toContain(API_KEY);
  });

  it('a listener that accepts TCP but never completes the handshake: connectClient gives up at connectTimeout', async () => {
    const [client] = await refusals.stalled;
    expect(client).toMatchObject({ ok: false, message: expect.stringMatching(CLIENT_GAVE_UP) });
    expect(client!.ms).toBeLessThan(REFUSED_WITHIN_MS);
  });

  // NativeConnection.connect takes no bound of its own and Core's TLS handshake has none either:
  // connectWorker bounds it (worker/connection.ts), so a worker does not wait at start-up in silence.
  it('the same listener: connectWorker gives up within the bound too', async () => {
    const [, worker] = await refusals.stalled;
    expect(worker).toMatchObject({ ok: false });
  });
});
