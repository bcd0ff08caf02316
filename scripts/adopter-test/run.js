#!/usr/bin/env node
/*
 * The adopter test: what someone installing portsync from npm does, checked end to end.
 *
 * Builds and packs every published package, then, outside this workspace, creates a fresh Backstage backend for
 * each Backstage release below: its own package.json listing the tarballs, `src/index.ts` and `app-config.yaml`
 * taken from the code blocks the plugin's README marks for it, and the example catalog. It installs it, starts it
 * against the packed sandbox, and checks that the example catalog lands in the sandbox, `/api/port/status` answers,
 * a resync runs, no events-backend 404 is logged, and the install holds one copy of each `@backstage/*` package the
 * plugins use. It also installs the CLI alone (without the optional sandbox).
 *
 * Usage: node scripts/adopter-test/run.js [--report FILE] [--release NAME]... [--skip-build] [--keep]
 * Each check is one line `ok|FAIL <name> (<seconds>s)`; with --report, a JSON report that scripts/test-summary.js
 * adds to the suite's count. Exits non-zero if a check failed.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { readReadmeBlock } = require('./readReadmeBlock');

const ROOT = path.resolve(__dirname, '../..');
const PLUGIN_README = path.join(ROOT, 'plugins/port-backend/README.md');

/**
 * The Backstage releases an adopter may run: the backend's entry packages at the release's versions, and the date
 * npm resolves every other package as of (`npm install --before`).
 *
 * `1.55.0` is the release this repository builds against (entry versions from our lockfile). A 1.55 app keeps its
 * versions in its lockfile; a fresh install today would resolve the entry packages' `^` ranges to packages of later
 * releases, so the test resolves as of two weeks after 1.55.0 was published (backend-defaults 0.18.0:
 * 2026-09-16), which is what a 1.55 app's lockfile holds.
 *
 * `newest` is the newest release the registry serves (checked 2026-12-05: `npm view @backstage/backend-defaults
 * version` is 0.19.0), resolved as of now.
 */
const ENTRY_PACKAGES = [
  '@backstage/backend-defaults',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-catalog-backend-module-scaffolder-entity-model',
];
const RELEASES = {
  '1.55.0': () => ({
    deps: versionsFromLockfile(ENTRY_PACKAGES),
    before: '2026-09-30',
  }),
  newest: () => ({
    deps: {
      '@backstage/backend-defaults': '0.19.0',
      '@backstage/plugin-catalog-backend': '4.0.5',
      '@backstage/plugin-catalog-backend-module-scaffolder-entity-model':
        '0.2.26',
    },
  }),
};
const PLUGIN_PACKAGES = [
  '@portsync/plugin-port-backend',
  '@portsync/plugin-catalog-backend-module-port',
];

const SANDBOX_CLIENT = { id: 'adopter-client', secret: crypto.randomUUID() };
const INSTALL_FLAGS = [
  'install',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  '--loglevel=error',
];

const { values: opts } = parseArgs({
  options: {
    report: { type: 'string' },
    release: { type: 'string', multiple: true },
    'skip-build': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});

const checks = [];
const children = new Set();

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    checks.push({ name, ok: true, seconds: Number(seconds), detail });
    console.log(`ok   ${name} (${seconds}s)${detail ? ` ${detail}` : ''}`);
    return true;
  } catch (error) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    checks.push({
      name,
      ok: false,
      seconds: Number(seconds),
      error: String(error.message),
    });
    console.log(
      `FAIL ${name} (${seconds}s)\n     ${String(error.message).replace(
        /\n/g,
        '\n     ',
      )}`,
    );
    return false;
  }
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
function run(command, args, { cwd, env, timeoutMs = 15 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', code => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}:\n${output.slice(
              -3000,
            )}`,
          ),
        );
    });
  });
}

/** Starts a long-running process whose output goes to `logFile`; stopped in `stopAll`. */
function start(command, args, { cwd, env, logFile }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
  const log = fs.createWriteStream(logFile);
  let output = '';
  const append = d => {
    output += d;
    log.write(d);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let ended = false;
  const exited = new Promise(resolve => child.on('close', resolve));
  children.add(child);
  exited.then(() => {
    ended = true;
    children.delete(child);
  });
  return {
    output: () => output,
    ended: () => ended,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

async function waitFor(what, probe, { timeoutMs, process: proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (proc?.ended())
      throw new Error(
        `the process ended while waiting for ${what}:\n${proc
          .output()
          .slice(-3000)}`,
      );
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}${
          last ? `: ${last.message}` : ''
        }`,
      );
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function versionsFromLockfile(names) {
  const lock = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'),
  );
  return Object.fromEntries(
    names.map(name => {
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry) throw new Error(`${name} is not in package-lock.json`);
      return [name, entry.version];
    }),
  );
}

function publishedWorkspaces() {
  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  );
  const dirs = rootPkg.workspaces.flatMap(pattern => {
    const base = path.join(ROOT, pattern.replace(/\/\*$/, ''));
    return fs.readdirSync(base).map(d => path.join(base, d));
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private);
}

/** What must and must not be in a tarball an adopter installs. */
function checkTarballContents(pkg, files) {
  const problems = [];
  const has = f => files.includes(f);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'])
    if (!has(f)) problems.push(`no ${f}`);
  for (const field of ['main', 'types', 'module'])
    if (pkg[field] && !has(path.posix.normalize(pkg[field])))
      problems.push(
        `${field} points at ${pkg[field]}, which is not in the tarball`,
      );
  for (const bin of Object.values(pkg.bin ?? {}))
    if (!has(path.posix.normalize(bin)))
      problems.push(`bin ${bin} is not in the tarball`);
  if (pkg.configSchema && !has(pkg.configSchema))
    problems.push(`no ${pkg.configSchema}`);
  for (const [key, value] of Object.entries(pkg)) {
    if (['main', 'types'].includes(key) && String(value).startsWith('src/'))
      problems.push(`${key} still points at src/ (prepack did not run)`);
  }
  if (!pkg.repository || !pkg.homepage || !pkg.engines?.node)
    problems.push('repository, homepage or engines missing');
  const testOnly = files.filter(f =>
    /(^|\/)(src\/|__testUtils__|__fixtures__|testUtils)|\.test\.|setupTests/.test(
      f,
    ),
  );
  if (testOnly.length)
    problems.push(
      `test-only or source files: ${testOnly.slice(0, 5).join(', ')}`,
    );
  if (problems.length) throw new Error(`${pkg.name}: ${problems.join('; ')}`);
}

async function packAll(packDir) {
  const tarballs = {};
  for (const { dir, pkg } of publishedWorkspaces()) {
    let files;
    const packed = await check(`pack ${pkg.name}`, async () => {
      const out = await run(
        'npm',
        ['pack', '--json', '--pack-destination', packDir],
        { cwd: dir },
      );
      const [info] = JSON.parse(out.slice(out.indexOf('[')));
      const file = path.join(packDir, info.filename);
      const packedPkg = JSON.parse(
        await run('tar', ['-xzOf', file, 'package/package.json']),
      );
      tarballs[pkg.name] = { file, pkg: packedPkg };
      files = info.files.map(f => f.path);
      return `${(info.size / 1024).toFixed(1)} kB packed, ${(
        info.unpackedSize / 1024
      ).toFixed(1)} kB unpacked, ${info.entryCount} files`;
    });
    if (packed)
      await check(
        `${pkg.name}: the tarball holds what an adopter needs, and only that`,
        () => checkTarballContents(tarballs[pkg.name].pkg, files),
      );
  }
  return tarballs;
}

/** `@portsync/*` tarballs a package needs, itself included, following its dependencies. */
function closure(tarballs, names) {
  const seen = new Set();
  const visit = name => {
    if (seen.has(name)) return;
    if (!tarballs[name]) throw new Error(`no tarball for ${name}`);
    seen.add(name);
    for (const dep of Object.keys(tarballs[name].pkg.dependencies ?? {}))
      if (dep.startsWith('@portsync/')) visit(dep);
  };
  names.forEach(visit);
  return [...seen];
}

function tarballDeps(tarballs, names) {
  return Object.fromEntries(
    closure(tarballs, names).map(n => [n, `file:${tarballs[n].file}`]),
  );
}

/** Every directory that holds a copy of `name` under `root`'s node_modules, at any depth. */
function copiesOf(root, name) {
  const found = [];
  const walk = dir => {
    const nm = path.join(dir, 'node_modules');
    if (!fs.existsSync(nm)) return;
    const candidate = path.join(nm, name);
    if (fs.existsSync(path.join(candidate, 'package.json')))
      found.push(candidate);
    for (const entry of fs.readdirSync(nm)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const sub of fs.readdirSync(path.join(nm, entry)))
          walk(path.join(nm, entry, sub));
      } else walk(path.join(nm, entry));
    }
  };
  walk(root);
  return found;
}

async function startSandbox(app, logFile) {
  const proc = start(
    process.execPath,
    [
      path.join(
        app,
        'node_modules/@portsync/port-sandbox/bin/portsync-sandbox',
      ),
      '--port',
      '0',
      '--client-id',
      SANDBOX_CLIENT.id,
      '--client-secret',
      SANDBOX_CLIENT.secret,
    ],
    { cwd: app, logFile },
  );
  const url = await waitFor(
    'the sandbox to listen',
    () => /listening on (\S+)/.exec(proc.output())?.[1],
    {
      timeoutMs: 60_000,
      process: proc,
    },
  );
  return { proc, url };
}

async function sandboxIdentifiers(url) {
  const auth = await fetch(`${url}/v1/auth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: SANDBOX_CLIENT.id,
      clientSecret: SANDBOX_CLIENT.secret,
    }),
  });
  const { accessToken } = await auth.json();
  const get = async p =>
    (
      await fetch(`${url}${p}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json();
  const { blueprints } = await get('/v1/blueprints');
  const ids = new Set();
  for (const bp of blueprints) {
    const { entities } = await get(
      `/v1/blueprints/${encodeURIComponent(bp.identifier)}/entities`,
    );
    for (const e of entities) ids.add(e.identifier);
  }
  return ids;
}

/** Refs of the example catalog's entities, as the default mapping names them in Port. */
function exampleCatalogRefs(catalogDir) {
  const YAML = require('yaml');
  const refs = [];
  for (const file of fs
    .readdirSync(catalogDir)
    .filter(f => f.endsWith('.yaml'))) {
    for (const doc of YAML.parseAllDocuments(
      fs.readFileSync(path.join(catalogDir, file), 'utf8'),
    )) {
      const e = doc.toJS();
      if (!e?.kind) continue;
      refs.push(
        `${e.kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLowerCase(),
      );
    }
  }
  return refs;
}

async function installCliAlone(workDir, tarballs) {
  const dir = path.join(workDir, 'cli');
  fs.mkdirSync(dir);
  await check('cli: installs without the sandbox', async () => {
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        {
          name: 'ci-job',
          private: true,
          dependencies: tarballDeps(tarballs, ['@portsync/cli']),
        },
        null,
        2,
      ),
    );
    await run('npm', INSTALL_FLAGS, { cwd: dir });
    // express still arrives through @backstage/backend-plugin-api (Backstage's schedule reader in
    // @portsync/config); the sandbox and its native SQLite build are what a CI job must not pay for.
    const heavy = ['@portsync/port-sandbox', 'better-sqlite3'].filter(
      n => copiesOf(dir, n).length,
    );
    if (heavy.length)
      throw new Error(`the CLI alone installed ${heavy.join(', ')}`);
    const count =
      (await run('npm', ['ls', '--all', '--parseable'], { cwd: dir }))
        .trim()
        .split('\n').length - 1;
    return `${count} packages`;
  });
  const bin = path.join(dir, 'node_modules/.bin/portsync');
  await check('cli: portsync --version', async () => {
    const out = await run(bin, ['--version'], { cwd: dir });
    if (!out.includes(tarballs['@portsync/cli'].pkg.version))
      throw new Error(`unexpected output: ${out}`);
  });
  await check(
    'cli: portsync sandbox without the sandbox says how to install it',
    async () => {
      const failed = await run(bin, ['sandbox', '--port', '0'], {
        cwd: dir,
      }).then(
        out => {
          throw new Error(`it ran: ${out}`);
        },
        error => error.message,
      );
      if (
        !failed.includes('exited with 3') ||
        !failed.includes('npm install @portsync/port-sandbox')
      )
        throw new Error(failed);
    },
  );
}

async function adopterRelease(workDir, release, tarballs) {
  const label = `backstage ${release}`;
  const app = path.join(workDir, `app-${release}`);
  fs.mkdirSync(path.join(app, 'src'), { recursive: true });

  const installed = await check(`${label}: install`, async () => {
    const { deps: backstageDeps, before } = RELEASES[release]();
    // The packed sandbox stands in for Port; installed here, it shares the app's better-sqlite3 build.
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify(
        {
          name: 'adopter-backend',
          private: true,
          dependencies: {
            ...backstageDeps,
            'better-sqlite3': '^12.4.1',
            ...tarballDeps(tarballs, [
              ...PLUGIN_PACKAGES,
              '@portsync/port-sandbox',
            ]),
          },
          devDependencies: { typescript: '~5.8.0' },
        },
        null,
        2,
      ),
    );
    // The adopter's src/index.ts: a stock backend plus the lines the README says to add.
    const readmeLines = readReadmeBlock(PLUGIN_README, 'backend-index');
    fs.writeFileSync(
      path.join(app, 'src/index.ts'),
      [
        "import { createBackend } from '@backstage/backend-defaults';",
        '',
        'const backend = createBackend();',
        "backend.add(import('@backstage/plugin-catalog-backend'));",
        "backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));",
        readmeLines.trim(),
        'backend.start();',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(app, 'app-config.yaml'),
      readReadmeBlock(PLUGIN_README, 'app-config'),
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          types: [],
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    fs.cpSync(path.join(ROOT, 'examples/catalog'), path.join(app, 'catalog'), {
      recursive: true,
    });
    await run(
      'npm',
      [...INSTALL_FLAGS, ...(before ? [`--before=${before}`] : [])],
      {
        cwd: app,
      },
    );
    return ENTRY_PACKAGES.map(
      n =>
        `${n.replace('@backstage/', '')}@${
          JSON.parse(
            fs.readFileSync(
              path.join(app, 'node_modules', n, 'package.json'),
              'utf8',
            ),
          ).version
        }`,
    ).join(' ');
  });
  if (!installed) return;

  await check(
    `${label}: one copy of each @backstage package the plugins use`,
    async () => {
      const used = new Set(
        closure(tarballs, PLUGIN_PACKAGES).flatMap(n =>
          Object.keys(tarballs[n].pkg.dependencies ?? {}).filter(d =>
            d.startsWith('@backstage/'),
          ),
        ),
      );
      const versions = [];
      const duplicated = [];
      for (const name of [...used].sort()) {
        const copies = copiesOf(app, name);
        const vs = copies.map(
          c =>
            JSON.parse(fs.readFileSync(path.join(c, 'package.json'), 'utf8'))
              .version,
        );
        if (copies.length !== 1)
          duplicated.push(
            `${name}: ${
              copies
                .map((c, i) => `${vs[i]} in ${path.relative(app, c)}`)
                .join(', ') || 'none'
            }`,
          );
        else versions.push(`${name.replace('@backstage/', '')}@${vs[0]}`);
      }
      if (duplicated.length)
        throw new Error(`not exactly one copy of ${duplicated.join('; ')}`);
      return versions.join(' ');
    },
  );

  const compiled = await check(
    `${label}: src/index.ts typechecks and compiles`,
    () =>
      run(path.join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
        cwd: app,
      }).then(() => undefined),
  );
  if (!compiled) return;

  const { proc: sandbox, url: sandboxUrl } = await startSandbox(
    app,
    path.join(app, 'sandbox.log'),
  );
  const port = await freePort();
  const adminToken = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(
    path.join(app, 'app-config.test.yaml'),
    [
      '# What differs on the test machine: ports, database, the example catalog, the sandbox.',
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      `  listen: { port: ${port} }`,
      "  database: { client: better-sqlite3, connection: ':memory:' }",
      'catalog:',
      '  rules:',
      '    - allow: [Component, System, API, Resource, Location, Domain, Group, User, Template]',
      '  locations:',
      `    - { type: file, target: ${JSON.stringify(
        path.join(app, 'catalog/all.yaml'),
      )} }`,
      'port:',
      `  baseUrl: ${sandboxUrl}`,
      '',
    ].join('\n'),
  );
  const backend = start(
    process.execPath,
    [
      'dist/index.js',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.test.yaml',
    ],
    {
      cwd: app,
      env: {
        NODE_ENV: 'production',
        PORTSYNC_ADMIN_TOKEN: adminToken,
        PORT_CLIENT_ID: SANDBOX_CLIENT.id,
        PORT_CLIENT_SECRET: SANDBOX_CLIENT.secret,
      },
      logFile: path.join(app, 'backend.log'),
    },
  );
  const api = (p, init = {}) =>
    fetch(`http://localhost:${port}/api/port${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  try {
    const started = await check(`${label}: backend starts`, () =>
      waitFor('/api/port/health', async () => (await api('/health')).ok, {
        timeoutMs: 120_000,
        process: backend,
      }).then(() => undefined),
    );
    if (!started) return;

    await check(
      `${label}: the example catalog lands in the sandbox`,
      async () => {
        const expected = exampleCatalogRefs(path.join(app, 'catalog'));
        let missing = expected;
        await waitFor(
          'every example entity in the sandbox',
          async () => {
            const ids = await sandboxIdentifiers(sandboxUrl);
            missing = expected.filter(ref => !ids.has(ref));
            return missing.length === 0;
          },
          { timeoutMs: 240_000, process: backend },
        ).catch(error => {
          throw new Error(
            `${error.message}; missing ${missing.length}: ${missing
              .slice(0, 5)
              .join(', ')}`,
          );
        });
        return `${expected.length} entities`;
      },
    );

    await check(`${label}: /api/port/status answers`, async () => {
      const res = await api('/status');
      if (res.status !== 200)
        throw new Error(`status ${res.status}: ${await res.text()}`);
      const body = await res.json();
      if (body.port?.connected !== true)
        throw new Error(`Port not connected: ${JSON.stringify(body.port)}`);
      return `blueprints ${JSON.stringify(body.blueprints)}`;
    });

    await check(`${label}: a resync runs`, async () => {
      const res = await api('/resync', {
        method: 'POST',
        body: JSON.stringify({ force: true }),
      });
      if (res.status !== 202)
        throw new Error(`POST /resync: ${res.status} ${await res.text()}`);
      const { runId } = await res.json();
      const runRecord = await waitFor(
        `resync ${runId} to finish`,
        async () => {
          const status = await (await api('/status')).json();
          const found = status.runs?.find(r => r.id === runId);
          return found && found.status !== 'running' ? found : undefined;
        },
        { timeoutMs: 180_000, process: backend },
      );
      if (runRecord.status !== 'completed')
        throw new Error(`resync ended ${JSON.stringify(runRecord)}`);
      return `counts ${JSON.stringify(runRecord.counts)}`;
    });

    await check(`${label}: no events-backend 404 in the log`, async () => {
      const lines = backend
        .output()
        .split('\n')
        .filter(l => /events backend not found|status 404/.test(l));
      if (lines.length) throw new Error(lines.slice(0, 3).join('\n'));
    });
  } finally {
    await backend.stop();
    await sandbox.stop();
  }
}

async function main() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portsync-adopter-'));
  const packDir = path.join(workDir, 'tarballs');
  fs.mkdirSync(packDir);
  console.log(`adopter test in ${workDir}`);
  const began = Date.now();
  try {
    if (!opts['skip-build']) {
      if (
        !(await check('build every package', () =>
          run('npm', ['run', 'build'], { cwd: ROOT }).then(() => undefined),
        ))
      )
        return;
    }
    const tarballs = await packAll(packDir);
    await installCliAlone(workDir, tarballs);
    for (const release of opts.release ?? Object.keys(RELEASES)) {
      if (!RELEASES[release])
        throw new Error(
          `unknown release ${release}; known: ${Object.keys(RELEASES).join(
            ', ',
          )}`,
        );
      const releaseStart = Date.now();
      await adopterRelease(workDir, release, tarballs);
      console.log(
        `backstage ${release}: ${((Date.now() - releaseStart) / 1000).toFixed(
          0,
        )}s`,
      );
    }
  } catch (error) {
    checks.push({
      name: 'adopter test',
      ok: false,
      error: String(error.stack ?? error),
    });
    console.log(`FAIL adopter test\n${error.stack ?? error}`);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    const failed = checks.filter(c => !c.ok).length;
    console.log(
      `adopter test: ${checks.length - failed} passed, ${failed} failed in ${(
        (Date.now() - began) /
        1000
      ).toFixed(0)}s`,
    );
    if (opts.report)
      fs.writeFileSync(opts.report, JSON.stringify({ checks }, null, 2));
    if (opts.keep) console.log(`kept ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
    process.exitCode = failed ? 1 : 0;
  }
}

main();
