// Short link ids: what the API imports from this package.
export const shortId = (n: number): string => n.toString(36);
