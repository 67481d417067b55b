// Everything the package exports: the upper bound of what it can add to a bundle.
export * from 'cloudflare-custom-hostnames';
