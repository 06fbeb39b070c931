/** Wraps a port so that each of its calls is timed under the port's name; the port itself when not timed. */
export type PortTiming = <Port extends object>(port: Port, portName: string) => Port;

export const PortTimingToken: unique symbol = Symbol.for('@outbound/server/PortTiming');
