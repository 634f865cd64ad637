import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";

// One client per vendor, shared by every feature.
export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
export const anthropic = new Anthropic();
export const gemini = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
