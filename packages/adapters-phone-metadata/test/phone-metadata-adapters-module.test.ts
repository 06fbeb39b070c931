import { LibphonenumberPhoneTimeZones, phoneMetadataAdaptersModule } from '@outbound/adapters-phone-metadata';
import { PhoneTimeZonesToken, type PhoneTimeZones } from '@outbound/domain';
import { expect } from 'chai';
import { Container } from 'inversify';

describe('phoneMetadataAdaptersModule', function () {
  it('binds PhoneTimeZones to one LibphonenumberPhoneTimeZones for the container', function () {
    const container = new Container();
    container.load(phoneMetadataAdaptersModule());

    const zones = container.get<PhoneTimeZones>(PhoneTimeZonesToken);

    expect(zones).to.be.instanceOf(LibphonenumberPhoneTimeZones);
    expect(container.get<PhoneTimeZones>(PhoneTimeZonesToken)).to.equal(zones);
    expect(zones.zonesOf('+442079460018')).to.deep.equal(['Europe/London']);
  });
});
