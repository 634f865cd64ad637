// The app's own message queue. Its API looks like an LLM SDK's (`messages.create`) but is not one.
interface QueuedMessage {
  role: string;
  content: string;
}

export const queue = {
  messages: {
    items: [] as QueuedMessage[],
    create(message: QueuedMessage) {
      this.items.push(message);
      return message;
    },
  },
  chat: { completions: { create: (text: string) => text.length } },
};

export function enqueueReply(content: string) {
  queue.messages.create({ role: "assistant", content });
  queue.chat.completions.create(content);
}
