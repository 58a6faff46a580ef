// RFC 8032 section 7.1 test vectors for Ed25519 (TEST 1, 2, 3 and 1024), as hex.
// The long message is kept in 60-digit lines, the way the RFC prints it.

export interface Rfc8032Vector {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}

export const RFC8032_VECTORS: readonly Rfc8032Vector[] = [
  {
    name: "TEST 1",
    secretKey: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0652249" +
      "01555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465514143" +
      "8e7a100b",
  },
  {
    name: "TEST 2",
    secretKey: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb" +
      "69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d2916" +
      "12bb0c00",
  },
  {
    name: "TEST 3",
    secretKey: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5a" +
      "c3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027bece" +
      "ea1ec40a",
  },
  {
    name: "TEST 1024",
    secretKey: "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
    publicKey: "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
    message: [
      "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4",
      "eb98fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf",
      "73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a",
      "1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338b",
      "bd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b",
      "199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da9",
      "03401aa62100ab5d1a36553e06203b33890cc9b832f79ef80560ccb9a39c",
      "e767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10",
      "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83",
      "f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d9562",
      "9e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a",
      "2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6",
      "079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f27088d78b7e883c",
      "8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e694",
      "85bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b0707e0",
      "917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba",
      "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255d",
      "c51addd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2",
      "af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e0",
      "56a9b47acdb751fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301",
      "651339e22904cc8c42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c",
      "4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f672451",
      "7b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b",
      "2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7",
      "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab4",
      "7b57f7f7276cd419c17a3ca8e1b939ae49e488acba6b965610b5480109c8",
      "b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308a",
      "a342721aac0943bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a4",
      "3dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b111",
      "6398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba7",
      "7c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef13695",
      "46868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d",
      "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86ab",
      "a41c0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00",
      "a0b9d0",
    ].join(""),
    signature:
      "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fe" +
      "c350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a970" +
      "4a188a03",
  },
];
