import packageJson from "../../package.json" with { type: "json" };

/** The version of promptcost, from the manifest bundled into the program. */
export const TOOL_VERSION: string = packageJson.version;
