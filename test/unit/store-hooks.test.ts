import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// Zustand stores: the state `useStore()` and `useStore.getState()` give is what the
// store's initializer returns, through the middlewares wrapping it; an action sending a request is called
// through the hook, in the components.

const SEND = `async onUserInput(text: string) {
      return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
    }`;
const CLIENT = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function counted(store: string, app: string): { counted: string[]; calls: string[] } {
  const analyses = analyzeProject({ "src/store.ts": CLIENT + store, "src/app.ts": app });
  return { counted: countedCalls(analyses), calls: describeCalls(analyses).filter((call) => call.startsWith("src/app.ts")) };
}

describe("zustand store hooks", () => {
  it("reads an action through the hook and its getState, read as a member or destructured", () => {
    const store = `import { create } from "zustand";\nexport const useChat = create((set) => ({\n    ${SEND},\n}));\n`;
    const app = `import { useChat } from "./store";\nconst chat = useChat();\nawait chat.onUserInput("Hello");\nawait useChat.getState().onUserInput("Hi");\nconst { onUserInput } = useChat();\nawait onUserInput("Hey");\n`;
    const result = counted(store, app);
    assert.deepEqual(result.counted, ["src/app.ts:3", "src/app.ts:4", "src/app.ts:6"]);
    assert.deepEqual(result.calls, ["src/app.ts:3 gpt-4o-mini via=onUserInput", "src/app.ts:4 gpt-4o-mini via=onUserInput", "src/app.ts:6 gpt-4o-mini via=onUserInput"]);
  });

  it("follows the typed form and the middlewares wrapping the initializer", () => {
    const store = `import { create } from "zustand";\nimport { persist, devtools } from "zustand/middleware";\nexport const useChat = create<{ onUserInput(text: string): Promise<unknown> }>()(devtools(persist((set, get) => ({\n    ${SEND},\n}), { name: "chat" })));\n`;
    const result = counted(store, `import { useChat } from "./store";\nawait useChat.getState().onUserInput("Hello");\n`);
    assert.deepEqual(result.counted, ["src/app.ts:2"]);
  });

  it("follows a project helper making the store from the actions it is given", () => {
    const store = `import { create } from "zustand";
import { combine, persist } from "zustand/middleware";
function createPersistStore<T extends object, M>(state: T, methods: (set: any, get: any) => M, options: { name: string }) {
  return create(persist(combine(state, (set, get) => ({ ...methods(set, get), markUpdate() { set({ lastUpdate: Date.now() }); } })), options));
}
export const useChatStore = createPersistStore({ sessions: [] }, (set, _get) => {
  const methods = {
    ${SEND},
  };
  return methods;
}, { name: "chat" });
`;
    const app = `import { useChatStore } from "./store";\nexport function Chat() {\n  const chatStore = useChatStore();\n  return { onClick: () => chatStore.onUserInput("Hello") };\n}\n`;
    const result = counted(store, app);
    assert.deepEqual(result.counted, ["src/app.ts:4"]);
  });
});
