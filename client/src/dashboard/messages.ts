// What the dashboard page and the extension say to each other (webview postMessage). Types only.
import type { ReportAssumption, WorkspaceReport } from "../../../server/src/protocol.ts";
import type { SortState } from "./table-sort.ts";

export type ToPage = { type: "report"; report: WorkspaceReport } | { type: "status"; text: string };

export type FromPage =
  | { type: "ready" }
  | { type: "refresh" }
  | { type: "open"; uri: string; line: number; column: number }
  | { type: "export"; format: "csv" | "markdown"; sorts: Record<string, SortState> }
  | { type: "changeAssumption"; key: ReportAssumption["key"] };
