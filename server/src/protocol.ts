// What the extension client and the language server say to each other beyond standard LSP: the editor
// settings and the custom `promptcost/<name>` messages. Imported by both sides, so it holds types and
// plain values only: no vscode, no vscode-languageserver (the two bundles carry different copies of
// vscode-jsonrpc, whose message type classes are not interchangeable; each side wraps these descriptors).

export type SeverityName = "error" | "warning" | "info" | "off";

/** A rule's level, or its level and options, as in promptcost.config.json. */
export type RuleLevel = SeverityName | [SeverityName] | [SeverityName, Record<string, unknown>];

/** A user price for a model, in USD per million tokens (the fields of pricing/<provider>.json). */
export interface PriceOverrideSetting {
  provider?: string;
  inputPerMTok?: number;
  outputPerMTok?: number;
  cacheReadPerMTok?: number;
  batchInputPerMTok?: number;
  batchOutputPerMTok?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** A model served on the user's own hardware, priced at costPerHour / (tokensPerSecond x 3600) per token. */
export interface SelfHostedSetting {
  costPerHour: number;
  tokensPerSecond?: number;
  inputTokensPerSecond?: number;
  outputTokensPerSecond?: number;
  provider?: string;
}

/** The editor's own prices; promptcost.config.json `pricing` wins key by key. */
export interface PricingSettings {
  overrides: Record<string, PriceOverrideSetting>;
  aliases: Record<string, string>;
  /** Percent off the table's prices: one figure, or by provider id ("*" for the rest). */
  discount: number | Record<string, number>;
  selfHosted: Record<string, SelfHostedSetting>;
}

/**
 * The `promptcost.*` editor settings. The one definition: package.json `contributes.configuration` is
 * generated from SETTING_DEFINITIONS below (server/src/lsp/settings-schema.ts) and a test fails when it is stale.
 */
export interface PromptcostSettings {
  enable: boolean;
  rules: Record<string, RuleLevel>;
  requestsPerDay: number;
  dynamicTokens: number;
  maxInputTokens: number;
  codeLens: { enable: boolean };
  /** Analyse every file of the workspace and publish its findings, not only open files' (as ESLint's "problems" option). */
  workspaceDiagnostics: boolean;
  pricing: PricingSettings;
  trace: { server: "off" | "messages" | "verbose" };
}

/**
 * What the server receives for a `workspace/configuration` item of section "promptcost". The VS Code client
 * adds `workspaceTrusted`; other editors send the settings as the user wrote them (possibly partial).
 */
export interface ServerSettings extends PromptcostSettings {
  /** False in an untrusted workspace: the server then reads no promptcost.config.json. Absent means trusted. */
  workspaceTrusted?: boolean;
}

export const DEFAULT_EDITOR_SETTINGS: PromptcostSettings = {
  enable: true,
  rules: {},
  requestsPerDay: 1000,
  dynamicTokens: 250,
  maxInputTokens: 16000,
  codeLens: { enable: true },
  workspaceDiagnostics: false,
  pricing: { overrides: {}, aliases: {}, discount: 0, selfHosted: {} },
  trace: { server: "off" },
};

/** One `promptcost.*` setting: its key below `promptcost.`, JSON schema fragment and description. */
export interface SettingDefinition {
  key: string;
  schema: Record<string, unknown>;
  description: string;
  scope: "window" | "resource";
}

/** The settings, in the order the Settings UI shows them. Defaults come from DEFAULT_EDITOR_SETTINGS. */
export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  { key: "enable", schema: { type: "boolean" }, scope: "resource", description: "Analyse LLM API calls in this folder's files." },
  {
    key: "rules",
    schema: { type: "object" },
    scope: "resource",
    description: 'Rule levels and options, as in promptcost.config.json: `{ "require-max-tokens": "error", "max-context-tokens": ["warning", { "maxInputTokens": 8000 }] }`. promptcost.config.json wins where it sets a rule.',
  },
  {
    key: "requestsPerDay",
    schema: { type: "number", minimum: 0 },
    scope: "resource",
    description: "Requests per day each call is assumed to make, for monthly figures. A `// promptcost: requestsPerDay=N` comment above a call and promptcost.config.json win.",
  },
  {
    key: "dynamicTokens",
    schema: { type: "number", minimum: 0 },
    scope: "resource",
    description: "Tokens assumed for each prompt part only known at run time (user input, retrieved text).",
  },
  {
    key: "maxInputTokens",
    schema: { type: "number", minimum: 1 },
    scope: "resource",
    description: "Input token budget per request for the max-context-tokens rule.",
  },
  { key: "codeLens.enable", schema: { type: "boolean" }, scope: "resource", description: "Show each call's tokens and cost in a code lens above it." },
  {
    key: "workspaceDiagnostics",
    schema: { type: "boolean" },
    scope: "window",
    description: "List the findings of every file of the workspace in Problems, not only of open files (each file is analysed once at start and again when it changes on disk).",
  },
  {
    key: "pricing.overrides",
    schema: {
      type: "object",
      additionalProperties: {
        type: "object",
        properties: {
          provider: { type: "string" },
          inputPerMTok: { type: "number", minimum: 0 },
          outputPerMTok: { type: "number", minimum: 0 },
          cacheReadPerMTok: { type: "number", minimum: 0 },
          batchInputPerMTok: { type: "number", minimum: 0 },
          batchOutputPerMTok: { type: "number", minimum: 0 },
          contextWindow: { type: "number", minimum: 1 },
          maxOutputTokens: { type: "number", minimum: 1 },
        },
        additionalProperties: false,
      },
    },
    scope: "resource",
    description: 'Your own prices, USD per million tokens, by model id: `{ "gpt-4o": { "inputPerMTok": 2.0 } }`. A model not in the table needs inputPerMTok and outputPerMTok. promptcost.config.json `pricing.overrides` win.',
  },
  {
    key: "pricing.aliases",
    schema: { type: "object", additionalProperties: { type: "string" } },
    scope: "resource",
    description: 'Model ids (globs) priced as another model: fine-tunes `{ "ft:gpt-4o-mini:*": "gpt-4o-mini" }` or Azure OpenAI deployment names `{ "support-gpt4o": "gpt-4o" }`. promptcost.config.json `pricing.aliases` win.',
  },
  {
    key: "pricing.discount",
    schema: {
      anyOf: [
        { type: "number", minimum: 0, maximum: 100 },
        { type: "object", additionalProperties: { type: "number", minimum: 0, maximum: 100 } },
      ],
    },
    scope: "resource",
    description: 'A negotiated percentage off the price table (not off your overrides): `15`, or by provider `{ "openai": 20, "*": 5 }`. promptcost.config.json `pricing.discount` wins.',
  },
  {
    key: "pricing.selfHosted",
    schema: {
      type: "object",
      additionalProperties: {
        type: "object",
        properties: {
          costPerHour: { type: "number", minimum: 0 },
          tokensPerSecond: { type: "number", exclusiveMinimum: 0 },
          inputTokensPerSecond: { type: "number", exclusiveMinimum: 0 },
          outputTokensPerSecond: { type: "number", exclusiveMinimum: 0 },
          provider: { type: "string" },
        },
        required: ["costPerHour"],
        additionalProperties: false,
      },
    },
    scope: "resource",
    description: 'Models on your own hardware, by id or glob, priced at costPerHour / (tokensPerSecond × 3600) × 1,000,000 per million tokens: `{ "llama3.1:70b": { "costPerHour": 4.1, "tokensPerSecond": 2400 } }`. promptcost.config.json `pricing.selfHosted` wins.',
  },
  {
    key: "trace.server",
    schema: { type: "string", enum: ["off", "messages", "verbose"] },
    scope: "window",
    description: "Traces the messages between VS Code and the promptcost language server to the output channel.",
  },
];

/** What the VS Code client passes in `initializationOptions`. Other editors may send nothing. */
export interface InitializationOptions {
  /** The client shows the active file's monthly total and wants FileCostChanged notifications. */
  fileCostNotifications?: boolean;
  /** Lenses run SHOW_CALL_COMMAND with CallLensArguments when clicked. */
  callLensCommand?: boolean;
  /** Settings for clients without `workspace/configuration`. */
  settings?: Partial<PromptcostSettings>;
  /**
   * A directory the server may write to (VS Code: the extension's workspace storage). When given, the
   * analyses of open documents are kept there, and a document opened in a later session shows its lenses
   * from it until its own analysis is done, while nothing they were computed from has changed.
   */
  storagePath?: string;
}

/** A custom request or notification: its method and, as phantom types, its params and result. */
export interface RequestDescriptor<P, R> {
  readonly method: string;
  readonly __types?: { params: P; result: R };
}

export interface NotificationDescriptor<P> {
  readonly method: string;
  readonly __types?: { params: P };
}

/** The cost of one open file, for the status bar. */
export interface FileCost {
  uri: string;
  /** The document version the figures are for. */
  version: number;
  calls: number;
  /** Sum of the priced calls' monthly cost; calls without a price are counted in unpricedCalls; null when none is priced. */
  monthlyUsd: number | null;
  unpricedCalls: number;
  findings: number;
  /** Calls inside a wrapper whose call sites are known: counted there, not in this file's total. */
  countedAtCallSites?: number;
  /**
   * The figures are of an analysis made before this session's own, which is running and will replace them:
   * the CLI's cache (`promptcost --lint --cache`) or an earlier session's stored analysis.
   */
  provisional?: "cli-cache" | "stored";
}

export const FileCostRequest: RequestDescriptor<{ uri: string }, FileCost | null> = { method: "promptcost/fileCost" };
export const FileCostChangedNotification: NotificationDescriptor<FileCost> = { method: "promptcost/fileCostChanged" };

/** Where a call or finding is: its file and its range, 1-based as in the JSON report. */
export interface ReportLocation {
  uri: string;
  /** Path relative to its workspace folder, `/`-separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportCall extends ReportLocation {
  provider: string;
  api: string;
  kind: "chat" | "embedding" | "batch" | "count";
  model: string | null;
  /** The `feature=` annotation of the call, as in the JSON report. */
  feature: string | null;
  inputTokens: number;
  /** `assumed` is the expected output (the smaller of the cap and the typical output); `worstCase` the cap or the model's maximum. */
  outputTokens: { cap: number | null; assumed: number; worstCase?: number | null };
  requestsPerDay: number;
  multiplier: number;
  perRequestUsd: number | null;
  monthlyUsd: number | null;
  /** The call inside a wrapper whose call sites are in the report: counted there, not in the totals. */
  countedAtCallSites?: true;
  /** Why the request cannot succeed (over the context window): not in the totals. */
  rejected?: string;
  /** A candidate model has no price: the figures are those of the costliest priced one, a lower bound. */
  lowerBound?: true;
}

/** A finding anywhere in the workspace, as in the JSON report. */
export interface ReportFinding extends ReportLocation {
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  docsUrl: string;
}

/** A default the monthly figures rest on, and where the user changes it. */
export interface ReportAssumption {
  key: "requestsPerDay" | "dynamicTokens" | "outputTokens" | "cacheHitRate";
  value: number;
  /** `config`: promptcost.config.json `defaults` sets it; `setting`: the editor setting `promptcost.<key>`; `default`: built in, changed in the config file. */
  source: "config" | "setting" | "default";
}

export interface ReportFile {
  uri: string;
  file: string;
  calls: number;
  /** Null when no counted call of the file has a price: unknown, never $0. */
  monthlyUsd: number | null;
  unpricedCalls: number;
  findings: number;
}

export interface WorkspaceReport {
  /** ISO time the report was made. */
  generated: string;
  pricing: { checked: string; source: string };
  calls: ReportCall[];
  files: ReportFile[];
  findings: ReportFinding[];
  /** The defaults in force (of the first workspace folder) and the config file that holds them, if any. */
  assumptions: { values: ReportAssumption[]; configUri: string | null };
  /** The money counts each request once (a call inside a wrapper is counted at its call sites), as the CLI's summary does; unpricedCalls counts the calls that are in the total. */
  totals: { files: number; filesWithCalls: number; calls: number; monthlyUsd: number | null; unpricedCalls: number; findings: number };
}

export const WorkspaceReportRequest: RequestDescriptor<Record<string, never>, WorkspaceReport> = { method: "promptcost/workspaceReport" };

/**
 * The command a call's code lens runs in the VS Code client, which asks for it with
 * `InitializationOptions.callLensCommand`; other editors get lenses without a command (plain text).
 */
export const SHOW_CALL_COMMAND = "promptcost.showCall";

/** What a clicked lens hands the client: where the call is and its figures. */
export interface CallLensArguments {
  uri: string;
  /** 0-based line the call starts on; a `// promptcost:` annotation goes on the line above. */
  line: number;
  /** The lens title: model, tokens, cost. */
  title: string;
  /** The hover's Markdown breakdown of the call. */
  breakdown: string;
  /** The requests/day the call's monthly figure assumes now. */
  requestsPerDay: number;
}
