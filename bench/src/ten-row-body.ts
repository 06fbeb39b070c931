/** Ten rows as the spec's example has them, their phone numbers already canonical (a bare baseline stores them as they come). */
const rows = JSON.stringify(
  Array.from({ length: 10 }, (_, index) => ({
    phone_number: `+91987654${String(3210 + index)}`,
    name: `Customer ${index}`,
    email: `customer${index}@example.com`,
    company: 'Acme Corp',
  })),
);

/** The JSON body of a POST /createContactAndCampaign with ten rows under `identifierName`. */
export const tenRowBody = (identifierName: string): string =>
  `{"identifierName":"${identifierName}","userData":${rows}}`;
