// Finds a pyguide executable that runs: the `pyguide.path` setting, else the binary bundled
// in the extension (server/pyguide), else `pyguide` on PATH.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface ResolvedServer {
  /** The command to run (an absolute path, or `pyguide` to look it up on PATH). */
  command: string;
  /** Where it came from, for messages: "pyguide.path setting", "bundled", "PATH". */
  source: string;
  /** First line of `pyguide --version`. */
  version: string;
}

export interface Attempt {
  command: string;
  source: string;
  error: string;
}

export const EXE = process.platform === 'win32' ? 'pyguide.exe' : 'pyguide';

/** `~`, `${userHome}` and `${workspaceFolder}` expanded; a relative path is taken from the first workspace folder. */
export function expandPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  out = out.replace(/\$\{userHome\}/g, os.homedir());
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (!path.isAbsolute(out) && (out.includes('/') || out.includes('\\')) && folder) {
    out = path.resolve(folder, out);
  }
  return out;
}

function probe(command: string): Promise<{ version?: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10000, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        let why = err.message.split('\n')[0];
        if (code === 'ENOENT') why = 'not found';
        else if (code === 'EACCES') why = 'not executable';
        else if (stderr && stderr.trim()) why += `: ${stderr.trim().split('\n')[0]}`;
        resolve({ error: why });
        return;
      }
      const version = (stdout || '').trim().split('\n')[0];
      if (!/pyguide/i.test(version)) {
        resolve({ error: `\`--version\` printed ${JSON.stringify(version)}, not pyguide's version` });
        return;
      }
      resolve({ version });
    });
  });
}

/** The candidates in order, each tried with `--version`; the first that runs wins. */
export async function resolveServer(
  context: vscode.ExtensionContext,
): Promise<{ server?: ResolvedServer; attempts: Attempt[] }> {
  const attempts: Attempt[] = [];
  const candidates: { command: string; source: string }[] = [];
  const configured = vscode.workspace.getConfiguration('pyguide').get<string>('path', '') || '';
  if (configured.trim()) {
    candidates.push({ command: expandPath(configured), source: 'pyguide.path setting' });
  }
  const bundled = context.asAbsolutePath(path.join('server', EXE));
  if (fs.existsSync(bundled) && process.platform !== 'win32') {
    // A VSIX may lose the executable bit on some installs: restore it.
    try {
      fs.accessSync(bundled, fs.constants.X_OK);
    } catch {
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        /* reported by the probe below */
      }
    }
  }
  candidates.push({ command: bundled, source: 'bundled with the extension' });
  candidates.push({ command: EXE, source: 'PATH' });

  for (const c of candidates) {
    if (c.source !== 'PATH' && !fs.existsSync(c.command)) {
      attempts.push({ ...c, error: 'does not exist' });
      continue;
    }
    const r = await probe(c.command);
    if (r.version !== undefined) {
      return { server: { ...c, version: r.version }, attempts };
    }
    attempts.push({ ...c, error: r.error ?? 'unknown error' });
  }
  return { attempts };
}

export function describeAttempts(attempts: Attempt[]): string {
  return attempts.map((a, i) => `${i + 1}) ${a.command} [${a.source}]: ${a.error}`).join('; ');
}
