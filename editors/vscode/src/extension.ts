// pyguide for VS Code: starts `pyguide server` with vscode-languageclient, keeps the `pyguide.*`
// settings in sync, and shows concept cards and the rule list in webview panels.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandSignature,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

import { explainLink, isExplainResult, linkRelated, MarkdownPanel } from './panel';
import { describeAttempts, ResolvedServer, resolveServer } from './server';

const EXPLAIN = 'pyguide.explain';
/** Settings passed to the server (the rest, `path` and `trace.server`, are the client's own). */
const SERVER_SETTINGS = [
  'level',
  'select',
  'ignore',
  'extendSelect',
  'severity',
  'perFileIgnores',
  'knowledge',
  'known',
] as const;

let client: LanguageClient | undefined;
let server: ResolvedServer | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let cards: MarkdownPanel;
let rulesPanel: MarkdownPanel;
let extensionContext: vscode.ExtensionContext;
/** Serialises start/stop/restart. */
let lifecycle: Promise<void> = Promise.resolve();
let stopping = false;

type StatusState = 'starting' | 'ready' | 'error' | 'stopped';

function setStatus(state: StatusState, detail?: string): void {
  const icons: Record<StatusState, string> = {
    starting: '$(sync~spin)',
    ready: '$(check)',
    error: '$(error)',
    stopped: '$(circle-slash)',
  };
  status.text = `${icons[state]} pyguide`;
  const what: Record<StatusState, string> = {
    starting: 'starting the language server',
    ready: 'ready',
    error: 'error',
    stopped: 'stopped',
  };
  status.tooltip = `pyguide: ${what[state]}${detail ? ` (${detail})` : ''}. Click to show the output.`;
  status.accessibilityInformation = { label: `pyguide ${what[state]}` };
  status.backgroundColor =
    state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  status.show();
}

/** The `pyguide.*` settings the server reads, without unset (null) keys. */
function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('pyguide');
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const v = cfg.get(key);
    if (v !== undefined && v !== null) {
      out[key] = v;
    }
  }
  return out;
}

/** `pyguide.explain`'s argument with `show: false`, so the server returns the Markdown instead of opening a file. */
function withoutShow(arg: unknown): unknown {
  if (typeof arg === 'string') {
    return { id: arg, show: false };
  }
  if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
    return { ...(arg as object), show: false };
  }
  return arg;
}

async function showCard(result: unknown): Promise<void> {
  if (isExplainResult(result)) {
    // Tab titles show no Markdown: drop the backticks of "Comparing with `None` using `==`".
    await cards.show(`pyguide: ${result.title.replace(/`/g, '')}`, linkRelated(result.markdown));
  }
}

/** Every `pyguide.explain` (code actions "Explain ...", the explain command, links in cards) comes here. */
async function explainMiddleware(
  command: string,
  args: unknown[],
  next: ExecuteCommandSignature,
): Promise<unknown> {
  if (command !== EXPLAIN) {
    return next(command, args);
  }
  const fixed = args.length > 0 ? [withoutShow(args[0]), ...args.slice(1)] : args;
  const result = await next(command, fixed);
  if (result === null || result === undefined) {
    void vscode.window.showInformationMessage('pyguide: nothing to explain here.');
  } else {
    await showCard(result);
  }
  return result;
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    outputChannel: output,
    initializationOptions: () => serverSettings(),
    // Settings changes: see onSettingsChanged. The server then pulls section `pyguide` with
    // workspace/configuration (answered by the client from the `pyguide.*` settings), re-checks the
    // open documents and asks for their diagnostics again (workspace/diagnostic/refresh).
    middleware: { executeCommand: explainMiddleware },
  };
}

async function onSettingsChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration('pyguide')) return;
  if (e.affectsConfiguration('pyguide.path')) {
    await restart();
    return;
  }
  // `pyguide.trace.server` is applied by the client itself.
  const c = client;
  if (c && c.state === State.Running) {
    try {
      await c.sendNotification(DidChangeConfigurationNotification.type, { settings: { pyguide: serverSettings() } });
    } catch (err) {
      output.appendLine(`pyguide: sending the new settings failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function doStart(): Promise<void> {
  setStatus('starting');
  const { server: found, attempts } = await resolveServer(extensionContext);
  if (!found) {
    server = undefined;
    const tried = describeAttempts(attempts);
    output.appendLine(`pyguide: no pyguide executable runs. Tried: ${tried}`);
    setStatus('error', 'no pyguide executable');
    void vscode.window
      .showErrorMessage(
        `pyguide: could not find a pyguide executable that runs. Tried: ${tried}. ` +
          'Install pyguide or set "pyguide.path".',
        'Open Settings',
        'Show Output',
      )
      .then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'pyguide.path');
        } else if (choice === 'Show Output') {
          output.show(true);
        }
      });
    return;
  }
  server = found;
  for (const a of attempts) {
    output.appendLine(`pyguide: skipped ${a.command} [${a.source}]: ${a.error}`);
  }
  if (attempts.some((a) => a.source === 'pyguide.path setting')) {
    void vscode.window.showWarningMessage(
      `pyguide: "pyguide.path" does not run (${attempts[0].error}); using ${found.command} instead.`,
    );
  }
  output.appendLine(`pyguide: starting ${found.command} server (${found.version}, ${found.source})`);

  const serverOptions: ServerOptions = {
    // No `transport`: stdio is the default, and TransportKind.stdio would append `--stdio`.
    command: found.command,
    args: ['server'],
    options: { env: { ...process.env } },
  };
  const c = new LanguageClient('pyguide', 'pyguide', serverOptions, clientOptions());
  c.onDidChangeState((e) => {
    if (client !== c) return;
    if (e.newState === State.Running) {
      setStatus('ready', `${found.version}, ${found.source}`);
    } else if (e.newState === State.Starting) {
      setStatus('starting');
    } else if (e.newState === State.Stopped) {
      setStatus(stopping ? 'stopped' : 'error', stopping ? undefined : 'the server stopped; see the output');
    }
  });
  client = c;
  try {
    await c.start();
    setStatus('ready', `${found.version}, ${found.source}`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    output.appendLine(`pyguide: the server failed to start: ${msg}`);
    setStatus('error', msg);
    void vscode.window.showErrorMessage(`pyguide: the server failed to start (${found.command}): ${msg}`, 'Show Output')
      .then((choice) => choice && output.show(true));
  }
}

async function doStop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  stopping = true;
  try {
    await c.dispose(3000);
  } catch (e) {
    output.appendLine(`pyguide: stopping the server: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    stopping = false;
  }
  setStatus('stopped');
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

const start = () => queue(doStart);
const restart = () => queue(async () => {
  output.appendLine('pyguide: restarting the server');
  await doStop();
  await doStart();
});

function runningClient(): LanguageClient | undefined {
  if (client && client.state === State.Running) {
    return client;
  }
  void vscode.window.showWarningMessage('pyguide: the language server is not running.', 'Show Output').then(
    (choice) => choice && output.show(true),
  );
  return undefined;
}

async function explainAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('pyguide: open a Python file and put the cursor on something to explain.');
    return;
  }
  const c = runningClient();
  if (!c) return;
  // Goes through the client's `pyguide.explain` command and so through explainMiddleware.
  await vscode.commands.executeCommand(EXPLAIN, {
    uri: c.code2ProtocolConverter.asUri(editor.document.uri),
    position: c.code2ProtocolConverter.asPosition(editor.selection.active),
  });
}

interface RuleInfo {
  code: string;
  name: string;
  title: string;
  severity: string;
  default: boolean;
  fix?: string;
  concept?: string;
}

function runServerBinary(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!server) {
      reject(new Error('no pyguide executable (see the pyguide output)'));
      return;
    }
    execFile(server.command, args, { timeout: 20000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}${stderr ? `: ${stderr.trim()}` : ''}`));
      else resolve(stdout);
    });
  });
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

async function showRules(): Promise<void> {
  if (!server) {
    await lifecycle;
  }
  let markdown: string;
  try {
    const rules = JSON.parse(await runServerBinary(['rules', '--output-format', 'json'])) as RuleInfo[];
    const rows = rules.map(
      (r) =>
        `| [${r.code}](${explainLink(r.code)}) | \`${cell(r.name)}\` | ${cell(r.title)} | ${cell(r.severity)} | ` +
        `${r.default ? 'on' : 'off'} | ${cell(r.fix ?? '')} |`,
    );
    markdown = [
      '# pyguide rules',
      '',
      `${rules.length} rules. Click a code to explain it. Choose rules with the \`pyguide.select\`, ` +
        '`pyguide.ignore`, `pyguide.extendSelect` and `pyguide.severity` settings.',
      '',
      '| Code | Name | Title | Severity | Default | Fix |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  } catch (e) {
    try {
      const text = await runServerBinary(['rules']);
      markdown = `# pyguide rules\n\n\`\`\`text\n${text}\n\`\`\``;
    } catch {
      void vscode.window.showErrorMessage(
        `pyguide: \`pyguide rules\` failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
  }
  await rulesPanel.show('pyguide: Rules', markdown, false);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('pyguide');
  status = vscode.window.createStatusBarItem('pyguide.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'pyguide';
  status.command = 'pyguide.showOutput';
  cards = new MarkdownPanel('pyguide.card', vscode.ViewColumn.Beside);
  rulesPanel = new MarkdownPanel('pyguide.rules', vscode.ViewColumn.Active);

  context.subscriptions.push(
    output,
    status,
    cards,
    rulesPanel,
    vscode.commands.registerCommand('pyguide.explainAtCursor', explainAtCursor),
    vscode.commands.registerCommand('pyguide.showRules', showRules),
    vscode.commands.registerCommand('pyguide.restart', restart),
    vscode.commands.registerCommand('pyguide.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => void onSettingsChanged(e)),
  );

  await start();
}

export function deactivate(): Thenable<void> | undefined {
  const c = client;
  client = undefined;
  return c ? c.dispose(2000) : undefined;
}
