import { openai } from "../llm/clients";
import { MODELS } from "../config/models";

const BATCH_SIZE = 50;

interface Product {
  id: string;
  title: string;
  description: string;
}

/** Nightly re-index of the 20,000-product catalogue for search: one embedding request per product. */
export async function embedCatalogue(products: Product[]) {
  const vectors = new Map<string, number[]>();
  // promptcost: multiplier=20000
  for (const product of products) {
    // promptcost: requestsPerDay=1 dynamicTokens=120
    const response = await openai.embeddings.create({ model: MODELS.embeddings, input: `${product.title}\n${product.description}` });
    vectors.set(product.id, response.data[0]!.embedding);
  }
  return vectors;
}

/** The batched twin: the same vectors in 400 requests of 50 products instead of 20,000 requests. */
export async function embedCatalogueBatched(products: Product[]) {
  const vectors = new Map<string, number[]>();
  // promptcost: multiplier=400
  for (let start = 0; start < products.length; start += BATCH_SIZE) {
    const batch = products.slice(start, start + BATCH_SIZE);
    // promptcost: requestsPerDay=1 dynamicTokens=12000
    const response = await openai.embeddings.create({ model: MODELS.embeddings, input: batch.map((product) => `${product.title}\n${product.description}`) });
    batch.forEach((product, index) => vectors.set(product.id, response.data[index]!.embedding));
  }
  return vectors;
}
