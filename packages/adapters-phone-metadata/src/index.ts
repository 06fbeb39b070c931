export { LibphonenumberPhoneTimeZones } from './libphonenumber-phone-time-zones.js';
export { phoneMetadataAdaptersModule } from './phone-metadata-adapters-module.js';
