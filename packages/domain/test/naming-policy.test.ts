import { NamingPolicy } from '@outbound/domain';
import { expect } from 'chai';

describe('NamingPolicy', function () {
  it('names the list and the campaign after the brand and the identifier name', function () {
    const naming = new NamingPolicy('VoiceGenie');

    expect(naming.contactListName('quick_outreach_001')).to.equal('VoiceGenie_contact_quick_outreach_001');
    expect(naming.campaignName('quick_outreach_001')).to.equal('VoiceGenie_campaign_quick_outreach_001');
  });

  for (const brand of ['', 'Voice Genie', 'a/b', 'x'.repeat(65)]) {
    it(`refuses the brand ${JSON.stringify(brand)}`, function () {
      expect(() => new NamingPolicy(brand)).to.throw(RangeError, /brand/);
    });
  }
});
