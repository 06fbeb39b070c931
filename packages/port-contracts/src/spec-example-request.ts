import type { ContactRow, CreateContactAndCampaignRequest } from '@outbound/domain';

/** The request of the spec's own example: two people with custom fields, as a caller sends it. */
export function aSpecExampleRequest(): CreateContactAndCampaignRequest {
  return {
    identifierName: 'quick_outreach_001',
    userData: [
      { phone_number: '919876543210', name: 'John Doe', email: 'john@example.com', company: 'Acme Corp' },
      { phone_number: '919876543211', name: 'Jane Smith', email: 'jane@example.com', company: 'Tech Inc' },
    ],
  };
}

/** The rows of {@link aSpecExampleRequest} as they are stored: numbers canonical, custom fields apart. */
export function specExampleRows(): ContactRow[] {
  return [
    {
      phoneNumber: '+919876543210',
      name: 'John Doe',
      otherDetails: { email: 'john@example.com', company: 'Acme Corp' },
    },
    {
      phoneNumber: '+919876543211',
      name: 'Jane Smith',
      otherDetails: { email: 'jane@example.com', company: 'Tech Inc' },
    },
  ];
}
