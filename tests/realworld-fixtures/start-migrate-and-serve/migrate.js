// Stands for `prisma migrate deploy`: a step to run once per release, not in every container start.
console.log("migrating");
