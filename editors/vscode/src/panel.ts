// A webview panel that shows Markdown (a concept card, the rule list), rendered by VS Code's
// own Markdown engine (`markdown.api.render`, from the built-in Markdown extension).
import * as vscode from 'vscode';

export interface ExplainResult {
  id: string;
  title: string;
  markdown: string;
  path?: string | null;
}

export function isExplainResult(v: unknown): v is ExplainResult {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ExplainResult).markdown === 'string' &&
    typeof (v as ExplainResult).id === 'string'
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A `command:` link that explains `id` (clickable in the webview, which enables command URIs). */
export function explainLink(id: string): string {
  return `command:pyguide.explain?${encodeURIComponent(JSON.stringify([id]))}`;
}

/** Turns the ids in a card's "Related" list (``- `try-except` try / except``) into explain links. */
export function linkRelated(markdown: string): string {
  const lines = markdown.split('\n');
  let inRelated = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{1,6}\s/.test(line)) {
      inRelated = /^#{1,6}\s+Related\s*$/.test(line);
      continue;
    }
    if (inRelated) {
      lines[i] = line.replace(/^(\s*[-*]\s+)`([A-Za-z0-9_.\-]+)`/, (_m, pre: string, id: string) => {
        return `${pre}[\`${id}\`](${explainLink(id)})`;
      });
    }
  }
  return lines.join('\n');
}

async function render(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string' && html.length > 0) {
      return html;
    }
  } catch {
    // The built-in Markdown extension is disabled: show the source instead.
  }
  return `<pre class="source">${escapeHtml(markdown)}</pre>`;
}

export class MarkdownPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly viewType: string,
    private readonly column: vscode.ViewColumn,
  ) {}

  async show(title: string, markdown: string, preserveFocus = true): Promise<void> {
    const body = await render(markdown);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        this.viewType,
        title,
        { viewColumn: this.column, preserveFocus },
        { enableCommandUris: true, enableFindWidget: true, enableScripts: false },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(this.column, preserveFocus);
    }
    this.panel.title = title;
    this.panel.webview.html = page(this.panel.webview, title, body);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function page(webview: vscode.Webview, title: string, body: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `img-src ${webview.cspSource} https: data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
         line-height: 1.5; padding: 0 20px 20px; max-width: 60em; }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
  :not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; border-radius: 4px; overflow-x: auto; }
  pre code { background: transparent; padding: 0; color: inherit; }
  pre.source { white-space: pre-wrap; }
  td code { white-space: nowrap; }
  blockquote { margin: 0; padding: 2px 12px; border-left: 4px solid var(--vscode-textBlockQuote-border);
               background: var(--vscode-textBlockQuote-background); }
  h1, h2, h3 { font-weight: 600; }
  h1 { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 4px; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
</style>
</head>
<body class="pyguide-card">
${body}
</body>
</html>`;
}
