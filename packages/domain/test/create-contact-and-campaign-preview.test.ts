import {
  CreateContactAndCampaign,
  previewCreateContactAndCampaign,
  type CampaignUploader,
  type ContactRepository,
  type ContactRow,
} from '@outbound/domain';
import { expect } from 'chai';

const settings = { brand: 'VoiceGenie', maxRows: 5, maxProblemsListed: 2 };

const aRequest = (userData: readonly Record<string, unknown>[]) => ({ identifierName: 'rehearsal', userData });
const threeRowsOneRepeated = aRequest([
  { phone_number: '919876543210', name: 'Jo' },
  { phone_number: '+91 98765 43211' },
  { phone_number: '91-9876543210', name: 'Jo again' },
]);
const invalid = aRequest([{ phone_number: '12ab' }, { phone_number: '' }, { phone_number: 'x' }]);

/** A port that fails the test on any use: a preview must not reach the storage. */
function untouchable<Port extends object>(): Port {
  return new Proxy({} as Port, {
    get(_target, method) {
      throw new Error(`the preview called ${String(method)} on a port`);
    },
  });
}

/** Ports that store whatever they are given and remember it. */
function storingPorts() {
  const stored: { list?: readonly ContactRow[]; campaign?: readonly ContactRow[] } = {};
  const summary = (name: string, rows: readonly ContactRow[]) => ({
    name,
    rowCount: rows.length,
    createdAt: new Date(0),
    createdBy: null,
  });
  const contacts: Pick<ContactRepository, 'create'> = {
    async create({ name, rows }) {
      stored.list = rows;
      return { status: 'created', list: summary(name, rows) };
    },
  };
  const campaigns: Pick<CampaignUploader, 'upload'> = {
    async upload({ name, contactListName, status, rows }) {
      stored.campaign = rows;
      return { status: 'created', campaign: { ...summary(name, rows), contactListName, status } };
    },
  };
  return { contacts: contacts as ContactRepository, campaigns: campaigns as CampaignUploader, stored };
}

describe('previewing CreateContactAndCampaign', function () {
  it('tells the names and the rows a valid request would store, the repeated phone numbers left out', function () {
    expect(previewCreateContactAndCampaign(threeRowsOneRepeated, settings)).to.deep.equal({
      code: 'would-store',
      contactListName: 'VoiceGenie_contact_rehearsal',
      campaignName: 'VoiceGenie_campaign_rehearsal',
      rowCount: 2,
      duplicatesSkipped: 1,
    });
  });

  it('answers an invalid request with the outcome a run answers, within the same limits', async function () {
    const preview = previewCreateContactAndCampaign(invalid, settings);
    const useCase = new CreateContactAndCampaign(untouchable(), untouchable(), settings);

    expect(preview).to.have.property('code', 'invalid-command');
    expect(preview).to.have.property('problemCount', 3);
    expect(preview).to.have.property('problems').with.length(2);
    expect(await useCase.execute(invalid)).to.deep.equal(preview);
    expect(useCase.preview(invalid)).to.deep.equal(preview);
  });

  it('asks no port, and the run then stores what it told', async function () {
    const quiet = new CreateContactAndCampaign(untouchable(), untouchable(), settings);
    const preview = quiet.preview(threeRowsOneRepeated);
    expect(preview).to.deep.equal(previewCreateContactAndCampaign(threeRowsOneRepeated, settings));

    const { contacts, campaigns, stored } = storingPorts();
    const outcome = await new CreateContactAndCampaign(contacts, campaigns, settings).execute(threeRowsOneRepeated);

    if (preview.code !== 'would-store') throw new Error('expected the request to be valid');
    expect(outcome).to.deep.equal({
      code: 'succeeded',
      contactListName: preview.contactListName,
      campaignName: preview.campaignName,
      rowsStored: preview.rowCount,
      duplicatesSkipped: preview.duplicatesSkipped,
      replayed: false,
    });
    expect(stored.list).to.have.length(preview.rowCount);
    expect(stored.campaign).to.have.length(preview.rowCount);
  });

  it('refuses a brand that could not name a list, as the use case does', function () {
    expect(() => previewCreateContactAndCampaign(threeRowsOneRepeated, { brand: 'Voice Genie' })).to.throw(
      RangeError,
      /brand/,
    );
  });
});
