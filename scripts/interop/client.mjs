#!/usr/bin/env node
// Drives a waiaas-mcp binary with the official MCP TypeScript SDK client against a loopback fake daemon that answers
// with the recorded daemon fixtures, once with the daemon up, once with it down and then back; prints a PASS/FAIL table.
// Usage: node client.mjs <path to waiaas-mcp>    (exit 0 only when every check passes; bounded by 20 s)
//
// The SDK client passes a stdout line it cannot parse to `onerror` (which clients rarely set) and carries on, so it
// never reveals stdout pollution by failing: the client starts the binary through this same script in `--tee` mode,
// which hands the client's stdin pipe straight to the binary and copies every stdout byte to a file beside forwarding
// it; the checks read that file themselves, and count what reached `onerror`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');
const fixtures = join(repository, 'Waiaas.Mcp.Tests/Fixtures/daemon');
const timeLimitMs = 20_000;
const requestOptions = { timeout: 5_000 };
// Mirrors Waiaas.Mcp.Tests/Support/SecretScan: at most the first 12 characters of a token may appear in any output.
const visibleTokenCharacters = 12;

/** The binary with its stdin and stderr inherited from the client, stdout forwarded and copied to <folder>/stdout. */
function tee(folder, binary) {
  const child = spawn(binary, [], { stdio: ['inherit', 'pipe', 'inherit'] });
  process.stdout.on('error', () => {});
  child.stdout.on('data', chunk => {
    appendFileSync(join(folder, 'stdout'), chunk);
    process.stdout.write(chunk);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', error => {
    writeFileSync(join(folder, 'exit'), `spawn failed: ${error.message}`);
    process.exitCode = 1;
  });
  child.on('close', (code, signal) => {
    writeFileSync(join(folder, 'exit'), String(code ?? signal));
    process.exitCode = code ?? 1;
  });
}

async function main(binary) {
  if (!binary) {
    console.error('usage: node client.mjs <path to waiaas-mcp>');
    return 2;
  }
  const started = Date.now();
  const sdkVersion = JSON.parse(readFileSync(join(here, 'node_modules/@modelcontextprotocol/sdk/package.json'), 'utf8')).version;
  console.log(`interop: @modelcontextprotocol/sdk ${sdkVersion} client (node ${process.version}) -> ${binary}`);

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
  const check = async (name, body) => {
    try {
      const detail = await body();
      results.push({ passed: true, name, detail: detail ?? '' });
    } catch (error) {
      results.push({ passed: false, name, detail: error?.message ?? String(error) });
    }
  };

  const expectedTools = {
    // Every catalog tool but those that need the owner's master password (not offered to a session token).
    // Plus this server's own tools, which the daemon's catalog cannot list (Waiaas.Mcp.Tests/Support/CatalogFixture.OwnTools).
    static: [...JSON.parse(readFileSync(join(repository, 'Waiaas.Mcp.Tests/Fixtures/tool-catalog.json'), 'utf8')).tools
      .filter(tool => tool.daemonAuth === undefined).map(tool => tool.name), 'wait_for_transaction'],
    actions: fixture('GET-v1-actions-providers.200.json').providers
      .filter(provider => provider.mcpExpose === true)
      .flatMap(provider => provider.actions.map(action => `action_${provider.name}_${action.name}`)),
  };
  const daemon = new FakeDaemon();
  await daemon.start();
  const token = sessionToken(fixture('GET-v1-connect-info.200.json').session.id);
  try {
    await daemonUp(check, binary, daemon, token, expectedTools);
    await daemon.stop();
    await daemonDownThenBack(check, binary, daemon, token, expectedTools);
  } finally {
    await daemon.stop();
    clearTimeout(watchdog);
  }

  return report() === 0 ? 0 : 1;
}

async function daemonUp(check, binary, daemon, token, expectedTools) {
  const run = await Session.open(binary, { WAIAAS_BASE_URL: daemon.baseUrl, WAIAAS_SESSION_TOKEN: token });
  const { client } = run;

  await check('up: initialize', () => {
    run.rethrowConnectError();
    const server = client.getServerVersion();
    const capabilities = client.getServerCapabilities();
    assert(server?.name === 'waiaas-wallet', `serverInfo.name ${server?.name}`);
    assert(capabilities?.tools?.listChanged === true && capabilities?.resources?.listChanged === true, 'tools/resources listChanged not advertised');
    return `${server.name} ${server.version}, protocol ${run.protocolVersion()}`;
  });
  await check('up: tools/list has the static and the action tools', async () => {
    // tools/list waits (<= 2 s) for the background fetch of the action providers; a late fetch is announced instead.
    let names = await run.toolNames();
    if (!expectedTools.actions.every(name => names.includes(name))) {
      await run.toolsChanged(0, 5_000);
      names = await run.toolNames();
    }
    assertSameNames(names, [...expectedTools.static, ...expectedTools.actions]);
    return `${expectedTools.static.length} static + ${expectedTools.actions.length} action tools`;
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
  await check('up: ping', async () => {
    await client.ping(requestOptions);
  });
  await run.closeAndCheck(check, 'up', token);
}

async function daemonDownThenBack(check, binary, daemon, token, expectedTools) {
  const run = await Session.open(binary, { WAIAAS_BASE_URL: daemon.baseUrl, WAIAAS_SESSION_TOKEN: token });
  const { client } = run;
  await check('down: initialize, tools/list has the static tools only', async () => {
    run.rethrowConnectError();
    assertSameNames(await run.toolNames(), expectedTools.static);
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
    assertSameNames(await run.toolNames(), [...expectedTools.static, ...expectedTools.actions]);
  });
  await run.closeAndCheck(check, 'down/back', token);
}

/** One client session with the binary (through the tee), its captured stdout/stderr and what the client reported. */
class Session {
  static async open(binary, environment) {
    const folder = mkdtempSync(join(tmpdir(), 'waiaas-interop-'));
    writeFileSync(join(folder, 'stdout'), '');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(import.meta.url), '--tee', folder, resolve(binary)],
      env: { ...environment, WAIAAS_MCP_LOG_LEVEL: 'debug' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'waiaas-interop', version: '1.0.0' });
    return new Session(folder, transport, client).#connect();
  }

  constructor(folder, transport, client) {
    this.folder = folder;
    this.transport = transport;
    this.client = client;
    this.stderr = '';
    this.clientErrors = [];
    this.toolsChangedCount = 0;
    this.toolsChangedWaiters = [];
    transport.stderr.on('data', chunk => { this.stderr += chunk; });
    client.onerror = error => this.clientErrors.push(error?.message ?? String(error));
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.toolsChangedCount++;
      this.toolsChangedWaiters.splice(0).forEach(wake => wake());
    });
  }

  async #connect() {
    try {
      await this.client.connect(this.transport, requestOptions);
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

  protocolVersion() {
    return this.#stdoutMessages().find(message => message.result?.protocolVersion)?.result.protocolVersion;
  }

  #stdoutMessages() {
    return readFileSync(join(this.folder, 'stdout'), 'utf8').split('\n').filter(line => line !== '').map(line => JSON.parse(line));
  }

  /** Closes the client (stdin end), then checks the exit, the raw stdout, the client's errors and token hygiene. */
  async closeAndCheck(check, label, token) {
    await check(`${label}: close -> server exits 0`, async () => {
      await this.client.close();
      const exit = readFileSync(join(this.folder, 'exit'), 'utf8');
      assert(exit === '0', `exit ${exit}`);
    });
    await check(`${label}: raw stdout is only JSON-RPC 2.0 lines`, () => {
      const stdout = readFileSync(join(this.folder, 'stdout'), 'utf8');
      assert(stdout.endsWith('\n'), 'stdout does not end with a newline');
      const lines = stdout.slice(0, -1).split('\n');
      lines.forEach((line, index) => {
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          throw new Error(`line ${index + 1} is not JSON: ${line.slice(0, 80)}`);
        }
        assert(message?.jsonrpc === '2.0' && !Array.isArray(message), `line ${index + 1} is not a JSON-RPC 2.0 message: ${line.slice(0, 80)}`);
      });
      return `${lines.length} lines`;
    });
    await check(`${label}: the SDK client reported no error`, () => {
      assert(this.clientErrors.length === 0, this.clientErrors.join('; '));
    });
    await check(`${label}: no token beyond its first ${visibleTokenCharacters} characters in stdout or stderr`, () => {
      assert(this.stderr.includes('[waiaas-mcp]'), 'no [waiaas-mcp] log line on stderr');
      const stdout = readFileSync(join(this.folder, 'stdout'), 'utf8');
      for (const [name, text] of [['stderr', this.stderr], ['stdout', stdout]]) {
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
        // The mined transfer, PENDING the first time it is asked for.
        const transaction = JSON.parse(readFileSync(join(fixtures, 'GET-v1-transactions-id.transfer.200.json'), 'utf8'));
        const polls = this.requests.filter(r => r.path === path).length;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...transaction, status: polls === 1 ? 'PENDING' : 'CONFIRMED' }));
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

function assertSameNames(actual, expected) {
  const missing = expected.filter(name => !actual.includes(name));
  const unexpected = actual.filter(name => !expected.includes(name));
  assert(missing.length === 0 && unexpected.length === 0 && actual.length === expected.length,
    `${actual.length} tools, expected ${expected.length}; missing: ${missing.slice(0, 5).join(', ') || '-'}; unexpected: ${unexpected.slice(0, 5).join(', ') || '-'}`);
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
