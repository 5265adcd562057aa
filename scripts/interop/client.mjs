#!/usr/bin/env node
// Drives a waiaas-mcp binary with the official MCP TypeScript SDK clients against a loopback fake daemon that answers
// with the recorded daemon fixtures: SDK v1 (`@modelcontextprotocol/sdk`, 2025 handshake) and SDK v2
// (`@modelcontextprotocol/client`) in its legacy, auto (server/discover probe) and pinned 2026-07-28 modes. Each client
// runs two sessions: the daemon down and then back (list_changed brings the action tools), and the daemon up. Prints a
// PASS/FAIL table. Usage: node client.mjs <path to waiaas-mcp>    (exit 0 only when every check passes; bounded)
//
// The SDK clients pass a stdout line they cannot parse to `onerror` (which clients rarely set) and carry on, so they
// never reveal stdout pollution by failing: each client starts the binary through this same script in `--tee` mode,
// which hands the client's stdin pipe straight to the binary and copies every stdout byte to a file beside forwarding
// it; the checks read those files themselves, and count what reached `onerror`. The v2 auto mode spawns a short-lived
// probe process first: every spawn gets its own files.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioClientTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');
const fixtures = join(repository, 'Waiaas.Mcp.Tests/Fixtures/daemon');
const timeLimitMs = 90_000;
const requestOptions = { timeout: 5_000 };
// A session without a handshake must exit as fast as one with it: a few ms, far below the server's 2 s drain limit.
const exitLimitMs = 500;
// Mirrors Waiaas.Mcp.Tests/Support/SecretScan: at most the first 12 characters of a token may appear in any output.
const visibleTokenCharacters = 12;
const stateless = '2026-07-28';
const subscriptionIdKey = 'io.modelcontextprotocol/subscriptionId';

/** The clients under test: how to build each, and what it must negotiate. */
const clients = [
  { label: 'sdk v1', package: '@modelcontextprotocol/sdk', expects: '2025-11-25', create: v1 },
  { label: 'v2 legacy', package: '@modelcontextprotocol/client', expects: '2025-11-25', create: parameters => v2(parameters, 'legacy') },
  { label: 'v2 auto', package: '@modelcontextprotocol/client', expects: stateless, create: parameters => v2(parameters, 'auto') },
  { label: 'v2 pinned', package: '@modelcontextprotocol/client', expects: stateless, create: parameters => v2(parameters, { pin: stateless }) },
];

function v1(parameters) {
  const client = new ClientV1({ name: 'waiaas-interop', version: '1.0.0' });
  return {
    client,
    transport: new StdioClientTransportV1(parameters),
    onToolsChanged: handler => client.setNotificationHandler(ToolListChangedNotificationSchema, handler),
    protocolVersion: () => undefined,
  };
}

function v2(parameters, mode) {
  const client = new ClientV2({ name: 'waiaas-interop', version: '2.0.0' }, { versionNegotiation: { mode } });
  // v2 takes callTool(params, options); the checks call it v1's way, callTool(params, resultSchema, options).
  const callTool = client.callTool.bind(client);
  client.callTool = (params, _resultSchema, options) => callTool(params, options);
  return {
    client,
    transport: new StdioClientTransportV2(parameters),
    onToolsChanged: handler => client.setNotificationHandler('notifications/tools/list_changed', handler),
    protocolVersion: () => client.getNegotiatedProtocolVersion(),
  };
}

/** The binary with its stdin and stderr inherited from the client, stdout forwarded and copied to <folder>/<pid>.stdout. */
function tee(folder, binary) {
  const child = spawn(binary, [], { stdio: ['inherit', 'pipe', 'inherit'] });
  const stdoutFile = join(folder, `${process.pid}.stdout`);
  writeFileSync(stdoutFile, '');
  process.stdout.on('error', () => {});
  child.stdout.on('data', chunk => {
    appendFileSync(stdoutFile, chunk);
    process.stdout.write(chunk);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => child.kill(signal));
  }
  const exit = outcome => writeFileSync(join(folder, `${process.pid}.exit`), JSON.stringify({ ...outcome, at: Date.now() }));
  child.on('error', error => {
    exit({ code: `spawn failed: ${error.message}` });
    process.exitCode = 1;
  });
  child.on('close', (code, signal) => {
    exit({ code: code ?? signal });
    process.exitCode = code ?? 1;
  });
}

async function main(binary) {
  if (!binary) {
    console.error('usage: node client.mjs <path to waiaas-mcp>');
    return 2;
  }
  const started = Date.now();
  const version = name => JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
  console.log(`interop: ${[...new Set(clients.map(c => c.package))].map(name => `${name} ${version(name)}`).join(', ')} (node ${process.version}) -> ${binary}`);

  const results = [];
  const report = () => {
    for (const result of results) {
      console.log(`  ${result.passed ? 'PASS' : 'FAIL'}  ${result.name}${result.detail ? `: ${result.detail}` : ''}`);
    }
    const failed = results.filter(result => !result.passed).length;
    console.log(`interop: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return failed;
  };
  const watchdog = setTimeout(() => {
    report();
    console.log(`interop: FAIL, not finished within ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);

  // Every catalog tool but those that need the owner's master password (not offered to a session token), this server's
  // own tools, which the daemon's catalog cannot list (Waiaas.Mcp.Tests/Support/CatalogFixture.OwnTools), and one
  // action tool per action of each provider the daemon exposes to MCP.
  const catalogTools = [...JSON.parse(readFileSync(join(repository, 'Waiaas.Mcp.Tests/Fixtures/tool-catalog.json'), 'utf8')).tools
    .filter(tool => tool.daemonAuth === undefined).map(tool => tool.name), 'wait_for_transaction'];
  const exposedActions = fixture('GET-v1-actions-providers.200.json').providers
    .filter(provider => provider.mcpExpose === true)
    .reduce((count, provider) => count + provider.actions.length, 0);
  const daemon = new FakeDaemon();
  await daemon.start();
  const token = sessionToken(fixture('GET-v1-connect-info.200.json').session.id);
  try {
    for (const flavour of clients) {
      const check = async (name, body) => {
        try {
          const detail = await body();
          results.push({ passed: true, name: `${flavour.label}: ${name}`, detail: detail ?? '' });
        } catch (error) {
          results.push({ passed: false, name: `${flavour.label}: ${name}`, detail: error?.message ?? String(error) });
        }
      };
      await daemon.stop();
      const staticTools = await daemonDownThenBack(check, flavour, binary, daemon, token, catalogTools, exposedActions);
      await daemonUp(check, flavour, binary, daemon, token, staticTools, exposedActions);
    }
  } finally {
    await daemon.stop();
    clearTimeout(watchdog);
  }

  return report() === 0 ? 0 : 1;
}

/** Daemon down at start, then back: returns the static tool names (what tools/list has without the daemon). */
async function daemonDownThenBack(check, flavour, binary, daemon, token, catalogTools, exposedActions) {
  const run = await Session.open(flavour, binary, { WAIAAS_BASE_URL: daemon.baseUrl, WAIAAS_SESSION_TOKEN: token });
  const { client } = run;
  let staticTools = [];
  await check('down: connect, tools/list has the catalog tools and no action tool', async () => {
    run.rethrowConnectError();
    await run.listenIfStateless();
    staticTools = await run.toolNames();
    assertToolsAre(staticTools, catalogTools, 0);
    return `${staticTools.length} static tools, protocol ${run.protocolVersion()}`;
  });
  await check('down: tools/call connect_info -> daemon_unavailable guidance, not isError', async () => {
    const result = await client.callTool({ name: 'connect_info', arguments: {} }, undefined, requestOptions);
    const body = JSON.parse(textOf(result));
    assert(result.isError !== true && body.status === 'daemon_unavailable' && body.retryable === true && body.message, textOf(result));
  });
  await check('back: daemon restarted, the next call works, list_changed brings the action tools', async () => {
    const announced = run.toolsChangedCount;
    await daemon.start();
    const result = await client.callTool({ name: 'connect_info', arguments: {} }, undefined, requestOptions);
    assert(result.isError !== true && JSON.parse(textOf(result)).session?.id, textOf(result));
    await run.toolsChanged(announced, 5_000);
    assertToolsAre(await run.toolNames(), staticTools, exposedActions);
  });
  await run.closeAndCheck(check, 'down/back', token);
  return staticTools;
}

async function daemonUp(check, flavour, binary, daemon, token, staticTools, exposedActions) {
  const run = await Session.open(flavour, binary, { WAIAAS_BASE_URL: daemon.baseUrl, WAIAAS_SESSION_TOKEN: token });
  const { client } = run;

  await check('up: connect (protocol, serverInfo, listChanged)', () => {
    run.rethrowConnectError();
    const server = client.getServerVersion();
    const capabilities = client.getServerCapabilities();
    assert(run.protocolVersion() === flavour.expects, `protocol ${run.protocolVersion()}, expected ${flavour.expects}`);
    assert(server?.name === 'waiaas-wallet' && server?.title === 'WAIaaS wallet' && server?.description, `serverInfo ${JSON.stringify(server)}`);
    assert(capabilities?.tools?.listChanged === true && capabilities?.resources?.listChanged === true, 'tools/resources listChanged not advertised');
    return `${server.name} ${server.version}, protocol ${run.protocolVersion()}`;
  });
  await check('up: tools/list has the static and the action tools', async () => {
    // tools/list waits (<= 2 s) for the background fetch of the action providers; a late fetch is announced instead.
    let names = await run.toolNames();
    if (names.length === staticTools.length && run.listensForChanges()) {
      await run.toolsChanged(0, 5_000);
      names = await run.toolNames();
    }
    assertToolsAre(names, staticTools, exposedActions);
    return `${staticTools.length} static + ${exposedActions} action tools`;
  });
  await check('up: tools/call connect_info returns the daemon JSON', async () => {
    const result = await client.callTool({ name: 'connect_info', arguments: {} }, undefined, requestOptions);
    assert(result.isError !== true, `isError: ${textOf(result)}`);
    assert(JSON.stringify(JSON.parse(textOf(result))) === JSON.stringify(fixture('GET-v1-connect-info.200.json')), 'text differs from the daemon body');
    const request = daemon.requests.find(r => r.path === '/v1/connect-info');
    assert(request?.authorization === `Bearer ${token}`, 'the daemon did not get the session token as Bearer');
  });
  await check('up: tools/call get_balance, daemon 502 CHAIN_ERROR -> isError', async () => {
    const result = await client.callTool({ name: 'get_balance', arguments: {} }, undefined, requestOptions);
    const body = JSON.parse(textOf(result));
    assert(result.isError === true && body.error === true && body.code === 'CHAIN_ERROR' && body.retryable === true, textOf(result));
  });
  await check('up: tools/call with a bad argument -> isError naming it, nothing sent', async () => {
    const before = daemon.requests.length;
    const result = await client.callTool({ name: 'get_balance', arguments: { wallet_id: 42 } }, undefined, requestOptions);
    assert(result.isError === true && textOf(result).includes('wallet_id'), textOf(result));
    assert(daemon.requests.length === before, 'the daemon was called');
  });
  await check('up: tools/call of an unknown tool -> JSON-RPC -32602 naming it', async () => {
    const error = await client.callTool({ name: 'no_such_tool', arguments: {} }, undefined, requestOptions).then(() => null, e => e);
    assert(error?.code === -32602 && String(error.message).includes('no_such_tool'), `got ${error ? `${error.code} ${error.message}` : 'a result'}`);
  });
  await check('up: wait_for_transaction reports PENDING to onprogress, then answers CONFIRMED', async () => {
    const progress = [];
    const result = await client.callTool(
      { name: 'wait_for_transaction', arguments: { transaction_id: FakeDaemon.transactionId } },
      undefined,
      { ...requestOptions, onprogress: value => progress.push(value) });
    assert(result.isError !== true && JSON.parse(textOf(result)).status === 'CONFIRMED', textOf(result));
    assert(progress.length === 1 && progress[0].message.includes('PENDING'), `progress ${JSON.stringify(progress)}`);
  });
  await check('up: resources/list and templates', async () => {
    const uris = (await client.listResources(undefined, requestOptions)).resources.map(resource => resource.uri).sort();
    const templates = (await client.listResourceTemplates(undefined, requestOptions)).resourceTemplates.map(template => template.uriTemplate);
    const expected = ['waiaas://system/status', 'waiaas://wallet/address', 'waiaas://wallet/balance'];
    assert(JSON.stringify(uris) === JSON.stringify(expected), `resources ${uris.join(', ')}`);
    assert(templates.includes('waiaas://skills/{name}'), `templates ${templates.join(', ')}`);
  });
  await check('up: resources/read waiaas://system/status', async () => {
    const contents = (await client.readResource({ uri: 'waiaas://system/status' }, requestOptions)).contents;
    assert(contents.length === 1 && contents[0].mimeType === 'application/json', 'not one application/json content');
    const status = JSON.parse(contents[0].text);
    assert(status.session?.state === 'active' && status.daemonHealth?.status === 'ok' && status.killSwitch?.state === 'ACTIVE',
      contents[0].text.slice(0, 200));
  });
  if (flavour.expects !== stateless) {
    // ping belongs to the handshake era (removed in 2026-07-28).
    await check('up: ping', async () => {
      await client.ping(requestOptions);
    });
  }
  await run.closeAndCheck(check, 'up', token);
}

/** One client session with the binary (through the tee), its captured stdout/stderr and what the client reported. */
class Session {
  static async open(flavour, binary, environment) {
    const folder = mkdtempSync(join(tmpdir(), 'waiaas-interop-'));
    const built = flavour.create({
      command: process.execPath,
      args: [fileURLToPath(import.meta.url), '--tee', folder, resolve(binary)],
      env: { ...environment, WAIAAS_MCP_LOG_LEVEL: 'debug' },
      stderr: 'pipe',
    });
    return new Session(flavour, folder, built).#connect();
  }

  constructor(flavour, folder, { client, transport, onToolsChanged, protocolVersion }) {
    this.flavour = flavour;
    this.folder = folder;
    this.transport = transport;
    this.client = client;
    this.protocolVersion = protocolVersion;
    this.stderr = '';
    this.clientErrors = [];
    this.toolsChangedCount = 0;
    this.toolsChangedWaiters = [];
    transport.stderr.on('data', chunk => { this.stderr += chunk; });
    client.onerror = error => this.clientErrors.push(error?.message ?? String(error));
    onToolsChanged(() => {
      this.toolsChangedCount++;
      this.toolsChangedWaiters.splice(0).forEach(wake => wake());
    });
  }

  async #connect() {
    try {
      await this.client.connect(this.transport, requestOptions);
      // SDK v1 keeps the negotiated version to itself: read it from the initialize answer on stdout.
      const negotiated = this.protocolVersion();
      this.protocolVersion = () => negotiated ?? this.#stdoutMessages().find(message => message.result?.protocolVersion)?.result.protocolVersion;
    } catch (error) {
      this.connectError = error;
    }
    return this;
  }

  rethrowConnectError() {
    if (this.connectError) {
      throw this.connectError;
    }
  }

  /** In the stateless era change notifications come only on a subscriptions/listen stream: open one for tool changes. */
  async listenIfStateless() {
    if (this.protocolVersion() === stateless) {
      this.subscription = await this.client.listen({ toolsListChanged: true }, requestOptions);
      assert(this.subscription.honoredFilter?.toolsListChanged === true, `not granted: ${JSON.stringify(this.subscription.honoredFilter)}`);
    }
  }

  listensForChanges() {
    return this.protocolVersion() !== stateless || this.subscription !== undefined;
  }

  async toolNames() {
    return (await this.client.listTools(undefined, requestOptions)).tools.map(tool => tool.name);
  }

  /** Resolves once more than `seen` notifications/tools/list_changed have arrived. */
  toolsChanged(seen, limitMs) {
    if (this.toolsChangedCount > seen) {
      return Promise.resolve();
    }
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no notifications/tools/list_changed within ${limitMs} ms`)), limitMs);
      this.toolsChangedWaiters.push(() => { clearTimeout(timer); done(); });
    });
  }

  /** The spawns of this session (the v2 auto probe is one more), oldest first; the last is the session itself. */
  #spawns() {
    return readdirSync(this.folder).filter(name => name.endsWith('.stdout')).map(name => name.slice(0, -'.stdout'.length))
      .map(pid => ({ pid, stdout: readFileSync(join(this.folder, `${pid}.stdout`), 'utf8'), exit: this.#exit(pid) }))
      .sort((a, b) => (a.exit?.at ?? Infinity) - (b.exit?.at ?? Infinity));
  }

  #exit(pid) {
    try {
      return JSON.parse(readFileSync(join(this.folder, `${pid}.exit`), 'utf8'));
    } catch {
      return undefined;
    }
  }

  #stdoutMessages() {
    const spawns = this.#spawns();
    return spawns.length === 0 ? [] : spawns.at(-1).stdout.split('\n').filter(line => line !== '').map(line => JSON.parse(line));
  }

  /** Closes the client (stdin end), then checks the exit and its delay, the raw stdout, the client's errors and token hygiene. */
  async closeAndCheck(check, label, token) {
    await check(`${label}: close -> server exits 0 within ${exitLimitMs} ms`, async () => {
      const closing = Date.now();
      await this.client.close();
      const spawns = this.#spawns();
      assert(spawns.length > 0 && spawns.every(spawn => spawn.exit?.code === 0), `exits ${JSON.stringify(spawns.map(spawn => spawn.exit?.code))}`);
      const delay = spawns.at(-1).exit.at - closing;
      assert(delay <= exitLimitMs, `the server exited ${delay} ms after the client closed`);
      return `${delay} ms`;
    });
    await check(`${label}: raw stdout is only JSON-RPC 2.0 lines`, () => {
      let lines = 0;
      for (const { stdout } of this.#spawns()) {
        assert(stdout === '' || stdout.endsWith('\n'), 'stdout does not end with a newline');
        stdout.split('\n').slice(0, -1).forEach((line, index) => {
          let message;
          try {
            message = JSON.parse(line);
          } catch {
            throw new Error(`line ${index + 1} is not JSON: ${line.slice(0, 80)}`);
          }
          assert(message?.jsonrpc === '2.0' && !Array.isArray(message), `line ${index + 1} is not a JSON-RPC 2.0 message: ${line.slice(0, 80)}`);
          lines++;
        });
      }
      return `${lines} lines`;
    });
    await check(`${label}: list_changed only where the client asked for it`, () => {
      const changes = this.#stdoutMessages().filter(message => message.method === 'notifications/tools/list_changed');
      const tags = changes.map(message => message.params?._meta?.[subscriptionIdKey]);
      if (this.protocolVersion() === stateless) {
        // Only on the subscription stream, tagged with its id; none at all without a subscription.
        assert(tags.every(tag => tag !== undefined && tag === tags[0]), `subscription ids ${JSON.stringify(tags)}`);
        assert(this.subscription !== undefined || changes.length === 0, `${changes.length} sent without a subscription`);
      } else {
        assert(tags.every(tag => tag === undefined), `subscription ids in a handshake session: ${JSON.stringify(tags)}`);
      }
      return `${changes.length} sent`;
    });
    await check(`${label}: the SDK client reported no error`, () => {
      assert(this.clientErrors.length === 0, this.clientErrors.join('; '));
    });
    await check(`${label}: no token beyond its first ${visibleTokenCharacters} characters in stdout or stderr`, () => {
      assert(this.stderr.includes('[waiaas-mcp]'), 'no [waiaas-mcp] log line on stderr');
      for (const [name, text] of [['stderr', this.stderr], ...this.#spawns().map(spawn => [`stdout of ${spawn.pid}`, spawn.stdout])]) {
        const leak = findLeak(token, text);
        assert(leak === null, `${name} holds '${leak}' of the session token`);
      }
    });
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** A real HTTP server on 127.0.0.1 answering the daemon endpoints with recorded daemon bodies; records requests. */
class FakeDaemon {
  static transactionId = '01a23064-231f-7c73-a3de-d5a5cd2a6c42';

  static routes = {
    'GET /health': [200, 'GET-health.200.json'],
    'GET /v1/admin/kill-switch': [200, 'GET-v1-admin-kill-switch.normal.json'],
    'GET /v1/connect-info': [200, 'GET-v1-connect-info.200.json'],
    'GET /v1/actions/providers': [200, 'GET-v1-actions-providers.200.json'],
    'GET /v1/wallet/balance': [502, 'GET-v1-wallet-balance.chain-rpc-down.json'],
  };

  /** Listens on a free port the first time, then on the same port again (a daemon restart). */
  async start() {
    await new Promise(listening => this.server.listen(this.port ?? 0, '127.0.0.1', listening));
    this.port = this.server.address().port;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
  }

  constructor() {
    this.requests = [];
    this.server = createServer((request, response) => {
      const path = request.url.split('?')[0];
      this.requests.push({ method: request.method, path, authorization: request.headers.authorization });
      if (path === `/v1/transactions/${FakeDaemon.transactionId}`) {
        // The mined transfer, PENDING on every first poll of a wait (each wait polls it twice: PENDING, then CONFIRMED).
        const transaction = JSON.parse(readFileSync(join(fixtures, 'GET-v1-transactions-id.transfer.200.json'), 'utf8'));
        const polls = this.requests.filter(r => r.path === path).length;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...transaction, status: polls % 2 === 1 ? 'PENDING' : 'CONFIRMED' }));
        return;
      }
      const [status, file] = FakeDaemon.routes[`${request.method} ${path}`] ?? [404, null];
      const body = file
        ? readFileSync(join(fixtures, file))
        : JSON.stringify({ code: 'NOT_FOUND', message: `No route ${request.method} ${path}`, requestId: randomUUID(), retryable: false });
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  }

  async stop() {
    if (this.server.listening) {
      this.server.closeAllConnections();
      await new Promise(closed => this.server.close(closed));
    }
  }
}

/** A `wai_sess_` token as the daemon issues them (Waiaas.Mcp.Tests/Support/TestTokens): valid for one hour. */
function sessionToken(sessionId) {
  const base64Url = text => Buffer.from(text).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({ sub: sessionId, iat: now, exp: now + 3600 });
  return `wai_sess_${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(payload)}.${base64Url(`interop-${randomUUID()}`)}`;
}

/** As SecretScan.FindLeak: the token's first 13 characters, or any 12 characters of its payload or signature. */
function findLeak(token, text) {
  const fragments = [token.slice(0, visibleTokenCharacters + 1)];
  for (let start = token.indexOf('.') + 1; start + visibleTokenCharacters <= token.length; start++) {
    fragments.push(token.slice(start, start + visibleTokenCharacters));
  }
  return fragments.find(fragment => text.includes(fragment)) ?? null;
}

/** The static tools, all of them, plus one `action_` tool per exposed action. */
function assertToolsAre(names, staticTools, exposedActions) {
  const missing = staticTools.filter(name => !names.includes(name));
  const actions = names.filter(name => !staticTools.includes(name));
  const strays = actions.filter(name => !name.startsWith('action_'));
  assert(missing.length === 0 && strays.length === 0 && actions.length === exposedActions && new Set(names).size === names.length,
    `${names.length} tools: ${actions.length} action tools, expected ${exposedActions}; missing: ${missing.slice(0, 5).join(', ') || '-'}; unexpected: ${strays.slice(0, 5).join(', ') || '-'}`);
}

function fixture(file) {
  return JSON.parse(readFileSync(join(fixtures, file), 'utf8'));
}

function textOf(result) {
  assert(result.content?.length === 1 && result.content[0].type === 'text', `content is not one text block: ${JSON.stringify(result.content)}`);
  return result.content[0].text;
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// Last, so that the classes above are initialised before they are used.
if (process.argv[2] === '--tee') {
  tee(process.argv[3], process.argv[4]);
} else {
  process.exitCode = await main(process.argv[2]);
}
