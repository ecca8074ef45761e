/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  distDir: 'public_html',
};

module.exports = nextConfig;
