import { PhoneTimeZonesToken, type PhoneTimeZones } from '@outbound/domain';
import { ContainerModule } from 'inversify';
import { LibphonenumberPhoneTimeZones } from './libphonenumber-phone-time-zones.js';

/** Binds PhoneTimeZones to the libphonenumber data, read once, when first asked for, for the container's life. */
export function phoneMetadataAdaptersModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PhoneTimeZones>(PhoneTimeZonesToken)
      .toDynamicValue(() => new LibphonenumberPhoneTimeZones())
      .inSingletonScope();
  });
}
