// Older code path, still in JavaScript, on the legacy Google SDK.
const { GoogleGenerativeAI } = require("@google/generative-ai");
const { TRANSLATE_SYSTEM } = require("../prompts");

const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);
const translator = genAI.getGenerativeModel({
  model: "gemini-2.5-flash",
  systemInstruction: TRANSLATE_SYSTEM,
  generationConfig: { maxOutputTokens: 500 },
});

async function translate(text) {
  const result = await translator.generateContent(text);
  return result.response.text();
}

module.exports = { translate };
