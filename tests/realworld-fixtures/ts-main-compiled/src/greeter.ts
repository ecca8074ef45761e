function logged(_target: object, _key: string, descriptor: PropertyDescriptor) {
  return descriptor;
}

export class Greeter {
  constructor(private readonly name: string) {}

  @logged
  greet(): string {
    return `hello from the ${this.name} app`;
  }
}
