import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import type { Span } from './parsing';
import { DEFAULT_SETTINGS, validateSettings, type GlossarySettings } from './settings';
import type { GlossaryWorkspace } from './workspace';

/** The file, at the root of a workspace folder, that both the editor and the CLI read. */
export const CONFIG_FILE_NAME = 'glossary.config.json';

export interface ConfigProblem {
  message: string;
  /** Where in the configuration file; offsets into its text. */
  span: Span;
}

export interface GlossaryConfig {
  uri: string;
  text: string;
  /** The configuration laid over the defaults; the defaults alone where the file is unusable. */
  settings: GlossarySettings;
  problems: ConfigProblem[];
}

/** A key that only the file knows: the entry template read from another file of the workspace. */
const TEMPLATE_FILE_KEY = 'entryTemplateFile';

function spanOf(node: Node | undefined, text: string): Span {
  return node ? { start: node.offset, end: node.offset + node.length } : { start: 0, end: Math.min(text.length, 1) };
}

/** The key of a property node when the complaint is about the key itself, else the value. */
function nodeFor(tree: Node | undefined, path: string[], aboutKey: boolean): Node | undefined {
  // Settings name list items by their index as text; the JSON tree wants a number for those.
  const location = path.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const value = tree && path.length ? findNodeAtLocation(tree, location) : tree;
  if (aboutKey && value?.parent?.type === 'property') return value.parent.children?.[0];
  return value;
}

/** Parses and checks a configuration file's text; every problem carries its place in the file. */
export function parseConfig(uri: string, text: string, base: GlossarySettings = DEFAULT_SETTINGS): GlossaryConfig & { templateFile?: string; templateSpan?: Span } {
  if (text.trim() === '') {
    return { uri, text, settings: structuredClone(base), problems: [{ message: 'The configuration file is empty; write a JSON object such as {}.', span: { start: 0, end: 0 } }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const problems: ConfigProblem[] = errors.map((error) => ({
    message: `Invalid JSON: ${describeParseError(printParseErrorCode(error.error))}`,
    span: { start: error.offset, end: error.offset + Math.max(error.length, 1) },
  }));
  if (errors.length || !tree) {
    return { uri, text, settings: structuredClone(base), problems };
  }
  const raw = nodeValue(tree);
  if (tree.type !== 'object') {
    problems.push({ message: 'The configuration must be a JSON object, such as {"linkPrefix": "/glossary/"}.', span: spanOf(tree, text) });
    return { uri, text, settings: structuredClone(base), problems };
  }
  let templateFile: string | undefined;
  let templateSpan: Span | undefined;
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && TEMPLATE_FILE_KEY in raw) {
    const value = (raw as Record<string, unknown>)[TEMPLATE_FILE_KEY];
    delete (raw as Record<string, unknown>)[TEMPLATE_FILE_KEY];
    templateSpan = spanOf(nodeFor(tree, [TEMPLATE_FILE_KEY], false), text);
    if (typeof value === 'string' && value.trim()) templateFile = value;
    else problems.push({ message: `${TEMPLATE_FILE_KEY} must be the path of a file, relative to this configuration file.`, span: spanOf(nodeFor(tree, [TEMPLATE_FILE_KEY], false), text) });
  }
  const validated = validateSettings(raw, { base, strict: true });
  for (const problem of validated.problems) {
    const aboutKey = problem.message === 'is not a known setting' || problem.message === 'is not a diagnostic code';
    const message = problem.path.length ? `${problem.path.join('.')} ${problem.message}` : `The configuration ${problem.message}`;
    problems.push({ message, span: spanOf(nodeFor(tree, problem.path, aboutKey), text) });
  }
  // Said in the order of the file, as an editor's Problems panel lists them.
  problems.sort((a, b) => a.span.start - b.span.start);
  return { uri, text, settings: validated.settings, problems, templateFile, templateSpan };
}

function describeParseError(code: string): string {
  const readable: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing } was expected',
    CloseBracketExpected: 'a closing ] was expected',
    EndOfFileExpected: 'nothing may follow the top-level value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return readable[code] ?? code;
}

/** Like jsonc-parser's getNodeValue, but a duplicated key keeps its last value as JSON.parse does. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) result[String(key.value)] = nodeValue(value);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/**
 * Reads `glossary.config.json` at the root of `folder`, if there is one, and the template file it
 * names. A template path that leaves the workspace folder is refused: configuration is data, and it
 * must not make the editor read files elsewhere.
 */
export async function loadConfig(workspace: GlossaryWorkspace, folder: string, explicitUri?: string): Promise<GlossaryConfig | undefined> {
  const uri = explicitUri ?? Utils.joinPath(URI.parse(folder), CONFIG_FILE_NAME).toString();
  const bytes = await workspace.readFile(uri);
  if (bytes === undefined) return undefined;
  const text = new TextDecoder('utf-8').decode(bytes);
  const config = parseConfig(uri, text);
  if (config.templateFile) {
    const templateUri = Utils.resolvePath(Utils.dirname(URI.parse(uri)), config.templateFile);
    const folderPath = URI.parse(folder).path.replace(/\/$/, '');
    const span = config.templateSpan ?? { start: 0, end: 1 };
    // The path must stay inside the folder both as written and once symbolic links are resolved.
    const realTemplate = workspace.realUri ? await workspace.realUri(templateUri.toString()) : templateUri.toString();
    const realFolder = workspace.realUri ? await workspace.realUri(folder) : folder;
    const realFolderPath = realFolder ? URI.parse(realFolder).path.replace(/\/$/, '') : folderPath;
    const escapes = !templateUri.path.startsWith(`${folderPath}/`) || (realTemplate !== undefined && !URI.parse(realTemplate).path.startsWith(`${realFolderPath}/`));
    if (escapes) {
      config.problems.push({ message: `${TEMPLATE_FILE_KEY} points outside the workspace folder; it is ignored.`, span });
    } else {
      const template = await workspace.readFile(templateUri.toString());
      if (template === undefined) config.problems.push({ message: `${TEMPLATE_FILE_KEY}: '${config.templateFile}' cannot be read.`, span });
      else config.settings.entryTemplate = new TextDecoder('utf-8').decode(template);
    }
  }
  return config;
}
